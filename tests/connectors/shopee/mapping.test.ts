import { afterEach, describe, expect, it } from 'vitest';
import { money, toNormalizedOrder, toNormalizedRefund } from '../../../connectors/shopee/mapper.js';
import { shopeeOrderSchema, shopeeReturnSchema } from '../../../connectors/shopee/schemas.js';
import { fakeOrder, type FakeReturn } from '../../fakes/shopee/state.js';
import { at, harness, pullAll, T0, type Harness } from './setup.js';

let h: Harness | undefined;
afterEach(async () => h?.fake.close());

function fakeReturn(sn: string, orderSn: string, updateTime: number, over: Partial<FakeReturn> = {}): FakeReturn {
  return {
    return_sn: sn, order_sn: orderSn, status: 'REQUESTED', refund_amount: 24.9, currency: 'MYR', create_time: updateTime - 60, update_time: updateTime,
    reason: 'PHYSICAL_DMG', text_reason: 'arrived torn', needs_logistics: true,
    item: [{ item_id: 1_000_001, model_id: 2_000_001, name: 'Cotton Tee', amount: 1, item_price: 24.9, item_sku: 'TEE' }],
    ...over,
  };
}

describe('shopee mapping', () => {
  it('maps a realistic get_order_detail order', () => {
    const raw = { ...fakeOrder('231101ABCDEF12', T0, { cod: true, message_to_seller: 'please gift wrap' }), some_new_field: { x: 1 } };
    const o = toNormalizedOrder(shopeeOrderSchema.parse(raw));
    expect(o).toMatchObject({
      platformOrderId: '231101ABCDEF12',
      platformStatus: 'READY_TO_SHIP',
      state: 'paid',
      currency: 'MYR',
      buyer: { platformBuyerId: '258016533', name: 'buyer.sn', phone: '60123456789' },
      address: { name: 'Ahmad Zaki', line1: '12 Jalan Desa 2/3, Taman Desa, 58100 Kuala Lumpur', city: 'Kuala Lumpur', region: 'W.P. Kuala Lumpur', postalCode: '58100', country: 'MY' },
      amounts: { subtotal: '67.80', shipping: '4.90', tax: '0.00', discount: '14.90', total: '57.80' },
      remarks: { buyer: 'please gift wrap' },
      flags: { cod: true },
    });
    expect(o.platformUpdatedAt).toEqual(at(T0));
    expect(o.platformCreatedAt).toEqual(at(T0 - 600));
    expect(o.lines).toEqual([
      { lineId: '1000001:2000001', platformSku: 'TEE-BLK-M', platformProductId: '1000001', platformVariantId: '2000001', title: 'Cotton Tee (Black,M)', quantity: 2, unitPrice: '24.90' },
      { lineId: '1000002:0', platformSku: 'TOTE', platformProductId: '1000002', platformVariantId: '0', title: 'Canvas Tote', quantity: 1, unitPrice: '3.10' },
    ]);
  });

  it('normalizes every Shopee status and flags a pending cancellation', () => {
    const state = (s: string) => toNormalizedOrder(shopeeOrderSchema.parse(fakeOrder('X', T0, { order_status: s }))).state;
    expect(['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'SHIPPED', 'COMPLETED', 'CANCELLED'].map(state)).toEqual(['unpaid', 'paid', 'shipped', 'shipped', 'completed', 'cancelled']);
    const inCancel = toNormalizedOrder(shopeeOrderSchema.parse(fakeOrder('X', T0, { order_status: 'IN_CANCEL' })));
    expect(inCancel).toMatchObject({ state: 'paid', platformStatus: 'IN_CANCEL', flags: { risk: ['buyer_requested_cancellation'] } });
    expect(() => toNormalizedOrder(shopeeOrderSchema.parse(fakeOrder('X', T0, { order_status: 'TELEPORTED' })))).toThrow(/TELEPORTED/);
  });

  it('keeps money exact as decimal strings', () => {
    expect(money(0.1 + 0.2)).toBe('0.30');
    expect(money(150000)).toBe('150000.00');
    expect(money(1409.9)).toBe('1409.90');
  });

  it('maps a return to a refund', () => {
    const r = toNormalizedRefund(shopeeReturnSchema.parse(fakeReturn('200203171852695', '200203C6W0AR27', T0, { status: 'ACCEPTED' })));
    expect(r).toEqual({
      platformRefundId: '200203171852695', platformOrderId: '200203C6W0AR27', state: 'approved', lines: [{ lineId: '1000001:2000001', quantity: 1 }],
      amount: '24.90', currency: 'MYR', reason: 'arrived torn', platformUpdatedAt: at(T0),
    });
  });

  it('pulls returns page by page over a long window', async () => {
    h = await harness();
    for (let i = 0; i < 140; i++) h.fake.state.returns.push(fakeReturn(`R${String(i).padStart(5, '0')}`, `O${i}`, T0 + i * 3600));
    const { items } = await pullAll((w) => h!.connector.pullRefunds(w), at(T0), at(T0 + 20 * 86400));
    expect(new Set(items.map((r) => r.platformRefundId)).size).toBe(140);
    for (const c of h.fake.state.calls('/api/v2/returns/get_return_list')) {
      expect(Number(c.query.update_time_to) - Number(c.query.update_time_from)).toBeLessThanOrEqual(15 * 86400);
    }
  });

  it('quarantines a return with a mistyped refund_amount, naming it', async () => {
    h = await harness();
    h.fake.state.returns.push({ ...fakeReturn('R1', 'O1', T0 + 5), refund_amount: 'lots' as unknown as number });
    const page = await h.connector.pullRefunds({ since: at(T0), until: at(T0 + 60) });
    expect(page.items).toEqual([]);
    expect(page.quarantined).toMatchObject([{ kind: 'refund', platformRecordId: 'R1', platformOrderId: 'O1' }]);
    expect(page.quarantined![0]!.error).toMatch(/R1.*refund_amount/);
  });
});
