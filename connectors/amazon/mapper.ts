import type { NormalizedAddress, NormalizedOrder, NormalizedRefund, PlatformOrderState } from '../types.js';
import { divideMoney, fromScaled, sumMoney, toScaled } from './decimal.js';
import type { AmazonOrderItemPayload, AmazonOrderPayload, AmazonRefundEventPayload, amazonOrderStatuses } from './schemas.js';

const stateOf: Record<(typeof amazonOrderStatuses)[number], PlatformOrderState> = {
  PendingAvailability: 'unpaid', // pre-order: not yet chargeable
  Pending: 'unpaid', // payment not yet authorised
  Unshipped: 'paid',
  PartiallyShipped: 'partially_shipped',
  Shipped: 'shipped',
  InvoiceUnconfirmed: 'shipped', // all items shipped, invoice not yet confirmed
  Canceled: 'cancelled',
  Unfulfillable: 'cancelled', // multi-channel fulfilment order Amazon cannot fulfil
};

/** Marketplace currencies, for orders that carry no amount yet (Pending orders have no OrderTotal). */
const marketplaceCurrency: Record<string, string> = {
  ATVPDKIKX0DER: 'USD', A2EUQ1WTGCTBG2: 'CAD', A1AM78C64UM0Y8: 'MXN', A2Q3Y263D00KWC: 'BRL', A1F83G8C2ARO7P: 'GBP',
  A1PA6795UKMFR9: 'EUR', A13V1IB3VIYZZH: 'EUR', APJ6JRA9NG5V4: 'EUR', A1RKKUPIHCS9HS: 'EUR', A1805IZSGTT6HS: 'EUR',
  A2NODRKZP88ZB9: 'SEK', A1C3SOZRARQ6R3: 'PLN', A33AVAJ2PDY3EV: 'TRY', A21TJRUUN4KGV: 'INR', A1VC38T7YXB528: 'JPY',
  A39IBJ37TRP1C6: 'AUD', A19VAU5U5O7RUS: 'SGD', A2VIGQ35RCS4UG: 'AED', A17E79C6D8DWNP: 'SAR',
};

export function currencyOf(o: AmazonOrderPayload, items: AmazonOrderItemPayload[]): string | undefined {
  return o.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ?? (o.MarketplaceId ? marketplaceCurrency[o.MarketplaceId] : undefined);
}

function addressOf(o: AmazonOrderPayload): NormalizedAddress | undefined {
  const a = o.ShippingAddress;
  // Without a Restricted Data Token Amazon sends only city/region/postcode/country: not an address to ship to.
  if (!a?.Name || !a.AddressLine1 || !a.City || !a.CountryCode) return undefined;
  const line2 = [a.AddressLine2, a.AddressLine3].filter(Boolean).join(', ');
  return {
    name: a.Name, phone: a.Phone, line1: a.AddressLine1, line2: line2 || undefined, city: a.City, region: a.StateOrRegion,
    postalCode: a.PostalCode, country: a.CountryCode.toUpperCase(),
  };
}

export function toNormalizedOrder(o: AmazonOrderPayload, items: AmazonOrderItemPayload[], currency: string): NormalizedOrder {
  const live = items.filter((i) => i.QuantityOrdered > 0); // a cancelled line comes back with QuantityOrdered 0
  const subtotal = sumMoney(live.map((i) => i.ItemPrice?.Amount));
  const shipping = sumMoney(live.map((i) => i.ShippingPrice?.Amount));
  const tax = sumMoney(live.flatMap((i) => [i.ItemTax?.Amount, i.ShippingTax?.Amount]));
  const discount = sumMoney(live.flatMap((i) => [i.PromotionDiscount?.Amount, i.ShippingDiscount?.Amount]));
  const computed = fromScaled(toScaled(subtotal) + toScaled(shipping) + toScaled(tax) - toScaled(discount));
  return {
    platformOrderId: o.AmazonOrderId,
    platformStatus: o.OrderStatus,
    state: stateOf[o.OrderStatus],
    platformCreatedAt: new Date(o.PurchaseDate),
    platformUpdatedAt: new Date(o.LastUpdateDate),
    currency,
    buyer: { name: o.BuyerInfo?.BuyerName, email: o.BuyerInfo?.BuyerEmail },
    address: addressOf(o),
    lines: live.map((i) => ({
      lineId: i.OrderItemId,
      platformSku: i.SellerSKU || undefined,
      platformProductId: i.ASIN,
      title: i.Title,
      quantity: i.QuantityOrdered,
      // ItemPrice is the price of the whole line (unit price × quantity).
      unitPrice: i.ItemPrice ? divideMoney(i.ItemPrice.Amount, i.QuantityOrdered) : '0.00',
    })),
    amounts: { subtotal, shipping, tax, discount, total: o.OrderTotal ? fromScaled(toScaled(o.OrderTotal.Amount)) : computed },
    flags: o.PaymentMethod === 'COD' || o.OrderStatus === 'PendingAvailability'
      ? { cod: o.PaymentMethod === 'COD' || undefined, presale: o.OrderStatus === 'PendingAvailability' || undefined }
      : undefined,
  };
}

/**
 * A Finances RefundEvent is a posted refund (money already returned), so its state is 'succeeded'. It has no id of
 * its own: the order id plus its adjustment item ids (or the posting time) identify it stably across pulls.
 */
export function toNormalizedRefund(e: AmazonRefundEventPayload): NormalizedRefund {
  const items = e.ShipmentItemAdjustmentList ?? [];
  const adjIds = items.map((i) => i.OrderAdjustmentItemId).filter((x): x is string => !!x).sort();
  const amounts = items.flatMap((i) => [
    ...(i.ItemChargeAdjustmentList ?? []).map((c) => c.ChargeAmount?.CurrencyAmount),
    ...(i.PromotionAdjustmentList ?? []).map((p) => p.PromotionAmount?.CurrencyAmount),
  ]);
  const currency = items.flatMap((i) => i.ItemChargeAdjustmentList ?? []).find((c) => c.ChargeAmount?.CurrencyCode)?.ChargeAmount?.CurrencyCode;
  const allLines = items.length > 0 && items.every((i) => i.OrderItemId && i.QuantityShipped);
  return {
    platformRefundId: `${e.AmazonOrderId}:${adjIds.length > 0 ? adjIds.join('+') : e.PostedDate}`,
    platformOrderId: e.AmazonOrderId,
    state: 'succeeded',
    lines: allLines ? items.map((i) => ({ lineId: i.OrderItemId!, quantity: i.QuantityShipped! })) : undefined,
    // Charge adjustments of a refund are negative (money back to the buyer); the hub wants the refunded amount.
    amount: amounts.length > 0 ? fromScaled(-toScaled(sumMoney(amounts))) : undefined,
    currency,
    platformUpdatedAt: new Date(e.PostedDate),
  };
}
