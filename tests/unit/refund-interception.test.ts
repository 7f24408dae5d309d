import { describe, expect, it } from 'vitest';
import { hubStatuses } from '../../src/domain/order.js';
import { refundActionFor } from '../../src/domain/refund-interception.js';

describe('refund interception', () => {
  it.each([
    ['pending', true, 'cancel'],
    ['pending', false, 'update_lines'],
    ['on_hold', true, 'cancel'],
    ['audited', false, 'reallocate'],
    ['allocated', true, 'cancel'],
    ['allocated', false, 'reallocate'],
    ['picking', true, 'intercept'],
    ['picking', false, 'intercept'],
    ['shipped', true, 'after_sales'],
    ['completed', false, 'after_sales'],
    ['merged', true, 'unmerge'],
    ['split', false, 'to_children'],
    ['cancelled', true, 'none'],
  ] as const)('%s, whole refund %s → %s', (status, full, action) => {
    expect(refundActionFor(status, full)).toBe(action);
  });
  it.each([true, false])('an intercepted order stays intercepted (whole refund %s): only /restock ends it', (full) => {
    expect(refundActionFor('on_hold', full, { intercepted: true })).toBe('keep_intercepted');
    expect(refundActionFor('on_hold', full, { intercepted: false })).toBe(full ? 'cancel' : 'update_lines');
  });
  it('has an answer for every hub status', () => {
    for (const s of hubStatuses) for (const full of [true, false]) expect(refundActionFor(s, full)).toMatch(/\w+/);
  });
});
