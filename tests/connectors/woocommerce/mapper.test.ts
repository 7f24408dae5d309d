import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import { orderState, sumMoney, toNormalizedOrder, toNormalizedRefund } from '../../../connectors/woocommerce/mapper.js';
import { parseItem, wcOrderSchema, wcRefundSchema } from '../../../connectors/woocommerce/schemas.js';
import { makeOrder, makeRefund } from '../../fakes/woocommerce/fixtures.js';

const modified = new Date('2024-05-01T10:15:30Z');

describe('WooCommerce order mapping', () => {
  it('maps a realistic v3 order payload to the hub order', () => {
    const o = toNormalizedOrder(parseItem(wcOrderSchema, makeOrder(727, modified), 'order'));
    expect(o).toEqual({
      platformOrderId: '727',
      platformStatus: 'processing',
      state: 'paid',
      platformCreatedAt: new Date('2024-05-01T09:15:30Z'),
      platformUpdatedAt: modified,
      currency: 'EUR',
      buyer: { platformBuyerId: '17', name: 'Anna Schmidt', email: 'anna@example.com', phone: '+49 30 1234567' },
      address: { name: 'Anna Schmidt', phone: '+49 30 1234567', line1: 'Hauptstr. 5', line2: 'Hinterhaus', city: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE' },
      lines: [
        { lineId: '7271', platformSku: 'SHIRT-M', platformProductId: '301', platformVariantId: '3011', title: 'Linen shirt - M', quantity: 2, unitPrice: '9.90' },
        { lineId: '7272', platformSku: 'BAG', platformProductId: '302', platformVariantId: undefined, title: 'Canvas bag', quantity: 1, unitPrice: '5.65' },
      ],
      amounts: { subtotal: '25.45', shipping: '4.90', tax: '3.97', discount: '5.00', total: '29.35' },
      remarks: { buyer: 'Please leave at the door' },
      flags: undefined,
    });
  });

  it.each([
    ['pending', null, 'unpaid'],
    ['on-hold', null, 'unpaid'],
    ['failed', null, 'unpaid'],
    ['processing', '2024-05-01T09:00:00', 'paid'],
    ['completed', '2024-05-01T09:00:00', 'completed'],
    ['cancelled', null, 'cancelled'],
    ['refunded', '2024-05-01T09:00:00', 'refunded'],
    ['shipped', '2024-05-01T09:00:00', 'paid'], // a plugin's custom status: kept verbatim, state from payment
    ['awaiting-pickup', null, 'unpaid'],
  ])('status %s → %s', (status, paid, state) => {
    expect(orderState({ status, date_paid_gmt: paid })).toBe(state);
  });

  it('flags cash on delivery and keeps the status verbatim', () => {
    const o = toNormalizedOrder(parseItem(wcOrderSchema, makeOrder(9, modified, { payment_method: 'cod', status: 'on-hold' }), 'order'));
    expect(o).toMatchObject({ flags: { cod: true }, platformStatus: 'on-hold', state: 'unpaid' });
  });

  it('sums money exactly', () => {
    expect(sumMoney(['0.10', '0.20', '19.805'])).toBe('20.105');
    expect(sumMoney(['-1.50', '1'])).toBe('-0.50');
  });

  it.each([
    ['date_modified_gmt', (o: Record<string, unknown>) => delete o.date_modified_gmt],
    ['total', (o: Record<string, unknown>) => (o.total = 29.35)],
    ['line_items.0.id', (o: Record<string, unknown>) => delete (o.line_items as Record<string, unknown>[])[0]!.id],
  ])('rejects a payload with a bad %s as invalid_payload naming it', (field, spoil) => {
    const raw = makeOrder(31, modified);
    spoil(raw);
    const err = (() => {
      try {
        parseItem(wcOrderSchema, raw, 'order');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'invalid_payload' });
    expect((err as Error).message).toContain(`order 31: ${field}`);
  });

  it('tolerates fields it does not know', () => {
    expect(() => parseItem(wcOrderSchema, makeOrder(5, modified, { some_plugin_field: { x: 1 } }), 'order')).not.toThrow();
  });
});

describe('WooCommerce refund mapping', () => {
  const order = parseItem(wcOrderSchema, makeOrder(44, modified), 'order');

  it('maps lines through _refunded_item_id, quantities positive', () => {
    const r = toNormalizedRefund(parseItem(wcRefundSchema, makeRefund(900, makeOrder(44, modified), modified), 'refund'), order);
    expect(r).toEqual({
      platformRefundId: '900', platformOrderId: '44', state: 'succeeded', lines: [{ lineId: '441', quantity: 1 }],
      amount: '7.40', currency: 'EUR', reason: 'Wrong size', platformUpdatedAt: modified,
    });
  });

  it('falls back to the same product and variation when the meta is hidden', () => {
    const raw = makeRefund(901, makeOrder(44, modified), modified);
    (raw.line_items as Record<string, unknown>[])[0]!.meta_data = [];
    expect(toNormalizedRefund(parseItem(wcRefundSchema, raw, 'refund'), order).lines).toEqual([{ lineId: '441', quantity: 1 }]);
  });
});
