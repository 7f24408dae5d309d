import { Schema, type Connection } from 'mongoose';

/** A low-stock threshold for a SKU, over all warehouses (warehouseId null) or in one warehouse. */
export interface AlertRuleDoc {
  /** `${sellerId}:${skuCode}:${warehouseId ?? '*'}`: one rule per scope. */
  _id: string;
  sellerId: string;
  skuCode: string;
  warehouseId: string | null;
  threshold: number;
  leadTimeDays: number;
  coverDays: number;
  updatedBy: string;
  updatedAt: Date;
}

const schema = new Schema<AlertRuleDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    skuCode: { type: String, required: true },
    warehouseId: { type: String, default: null },
    threshold: { type: Number, required: true },
    leadTimeDays: { type: Number, required: true },
    coverDays: { type: Number, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, skuCode: 1 });

export const alertRuleId = (sellerId: string, skuCode: string, warehouseId: string | null) => `${sellerId}:${skuCode}:${warehouseId ?? '*'}`;

export const alertRuleModel = (c: Connection) => c.model<AlertRuleDoc>('InventoryAlertRule', schema, 'inventory_alert_rules');
