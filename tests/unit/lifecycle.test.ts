import { describe, expect, it } from 'vitest';
import { canTransition, sourcesOf, transitions, validateTransitionTable } from '../../src/domain/lifecycle.js';

describe('order lifecycle', () => {
  it('the shipped table is valid', () => {
    expect(() => validateTransitionTable()).not.toThrow();
  });
  it.each([
    ['pending', 'allocated', true],
    ['pending', 'shipped', false],
    ['on_hold', 'pending', true],
    ['allocated', 'shipped', true],
    ['shipped', 'cancelled', false],
    ['cancelled', 'pending', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
  it('rejects a table with an unknown or unreachable state', () => {
    expect(() => validateTransitionTable({ ...transitions, pending: ['teleported'] })).toThrow(/unknown state teleported/);
    expect(() => validateTransitionTable({ ...transitions, on_hold: [], allocated: ['shipped'], pending: ['allocated', 'cancelled'] })).toThrow(/on_hold is unreachable/);
  });
  it('lists where a status can come from', () => {
    expect(sourcesOf('cancelled').sort()).toEqual(['allocated', 'on_hold', 'pending']);
  });
});
