import type { Connection } from 'mongoose';
import { apiKeyModel } from './models/api-key.model.js';
import { courierModel } from './models/courier.model.js';
import { ruleFingerprintModel } from './models/rule-fingerprint.model.js';
import { ruleVersionModel } from './models/rule-version.model.js';
import { ruleModel } from './models/rule.model.js';
import { eventModel } from './models/event.model.js';
import { listingModel } from './models/listing.model.js';
import { mergeBucketModel } from './models/merge-bucket.model.js';
import { mergeSettingsModel } from './models/merge-settings.model.js';
import { orderModel } from './models/order.model.js';
import { sellerModel } from './models/seller.model.js';
import { shopModel } from './models/shop.model.js';
import { skuModel } from './models/sku.model.js';
import { stockKeyModel } from './models/stock-key.model.js';
import { stockLevelModel } from './models/stock-level.model.js';
import { stockMovementModel } from './models/stock-movement.model.js';
import { warehouseModel } from './models/warehouse.model.js';
import { alertRuleModel } from './models/inventory-alert-rule.model.js';
import { alertModel } from './models/inventory-alert.model.js';
import { lotEntryModel } from './models/inventory-lot.model.js';
import { stocktakeCountModel } from './models/inventory-stocktake-count.model.js';
import { stocktakeModel } from './models/inventory-stocktake.model.js';
import { ticketModel } from './models/inventory-ticket.model.js';
import { transferModel } from './models/inventory-transfer.model.js';
import { webhookReceiptModel } from './models/webhook-receipt.model.js';
import { quarantineModel } from './models/quarantine.model.js';
import { webhookAttemptModel } from './models/webhook-attempt.model.js';
import { webhookEndpointModel } from './models/webhook-endpoint.model.js';
import { webhookMessageModel, webhookQueueModel } from './models/webhook-message.model.js';
import { webhookRelayModel } from './models/webhook-relay.model.js';
import { supplierBillModel } from './models/purchasing-bill.model.js';
import { purchaseOrderModel } from './models/purchasing-order.model.js';
import { purchaseReceiptModel } from './models/purchasing-receipt.model.js';
import { purchaseReturnModel } from './models/purchasing-return.model.js';
import { supplierPriceModel } from './models/purchasing-supplier-price.model.js';
import { supplierModel } from './models/purchasing-supplier.model.js';

export function createModels(conn: Connection) {
  return {
    Seller: sellerModel(conn),
    ApiKey: apiKeyModel(conn),
    Shop: shopModel(conn),
    Warehouse: warehouseModel(conn),
    Sku: skuModel(conn),
    Courier: courierModel(conn),
    Rule: ruleModel(conn),
    RuleVersion: ruleVersionModel(conn),
    RuleFingerprint: ruleFingerprintModel(conn),
    StockLevel: stockLevelModel(conn),
    StockMovement: stockMovementModel(conn),
    StockKey: stockKeyModel(conn),
    Order: orderModel(conn),
    Listing: listingModel(conn),
    MergeSettings: mergeSettingsModel(conn),
    MergeBucket: mergeBucketModel(conn),
    Event: eventModel(conn),
    WebhookReceipt: webhookReceiptModel(conn),
    InventoryStocktake: stocktakeModel(conn),
    InventoryStocktakeCount: stocktakeCountModel(conn),
    InventoryTransfer: transferModel(conn),
    InventoryAlertRule: alertRuleModel(conn),
    InventoryAlert: alertModel(conn),
    InventoryLotEntry: lotEntryModel(conn),
    InventoryTicket: ticketModel(conn),
    Supplier: supplierModel(conn),
    SupplierPrice: supplierPriceModel(conn),
    PurchaseOrder: purchaseOrderModel(conn),
    PurchaseReceipt: purchaseReceiptModel(conn),
    PurchaseReturn: purchaseReturnModel(conn),
    SupplierBill: supplierBillModel(conn),
    Quarantine: quarantineModel(conn),
    WebhookEndpoint: webhookEndpointModel(conn),
    WebhookMessage: webhookMessageModel(conn),
    WebhookQueue: webhookQueueModel(conn),
    WebhookAttempt: webhookAttemptModel(conn),
    WebhookRelay: webhookRelayModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds every index (unique ones are the base of idempotency) before the process serves. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const m of Object.values(models)) await m.createIndexes();
}
