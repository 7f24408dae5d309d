import { describe, expect, it } from 'vitest';
import { audit } from '../../src/domain/audit.js';
import type { OrderLine } from '../../src/domain/order.js';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({ lineId: 'L1', platformSku: 'A', skuCode: 'A', quantity: 1, unitPrice: '1.00', refundedQuantity: 0, ...over });
const address = { name: 'Ann', line1: '1 Main St', city: 'Springfield', country: 'US' };

describe('audit', () => {
  const cases: [string, Parameters<typeof audit>[0], string[]][] = [
    ['a complete paid order passes', { platformState: 'paid', address, lines: [line()] }, []],
    ['missing city holds', { platformState: 'paid', address: { ...address, city: ' ' }, lines: [line()] }, ['ADDRESS_INCOMPLETE']],
    ['no address holds', { platformState: 'paid', lines: [line()] }, ['ADDRESS_INCOMPLETE']],
    ['unmapped line holds', { platformState: 'paid', address, lines: [line({ skuCode: undefined, platformSku: 'ZZ' })] }, ['UNKNOWN_SKU']],
    ['unpaid holds', { platformState: 'unpaid', address, lines: [line()] }, ['NOT_PAID']],
    ['fully refunded lines leave nothing to ship', { platformState: 'paid', address, lines: [line({ refundedQuantity: 1 })] }, ['NO_LINES']],
    ['a refunded unmapped line does not hold', { platformState: 'paid', address, lines: [line(), line({ lineId: 'L2', skuCode: undefined, refundedQuantity: 1 })] }, []],
    ['every failing check is reported', { platformState: 'unpaid', lines: [line({ skuCode: undefined })] }, ['NOT_PAID', 'ADDRESS_INCOMPLETE', 'UNKNOWN_SKU']],
  ];
  it.each(cases)('%s', (_name, input, codes) => {
    expect(audit(input).map((h) => h.code)).toEqual(codes);
  });

  it('names the missing address parts and unmapped SKUs in the message', () => {
    const holds = audit({ platformState: 'paid', address: { ...address, line1: '', country: '' }, lines: [line({ skuCode: undefined, platformSku: 'NOPE' })] });
    expect(holds[0]!.message).toContain('line1, country');
    expect(holds[1]!.message).toContain('NOPE');
  });
});
