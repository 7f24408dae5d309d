import { describe, expect, it } from 'vitest';
import { canTransition, sourcesOf, transitions, validateTransitionTable } from '../../src/domain/lifecycle.js';

describe('order lifecycle', () => {
  it('the shipped table is valid', () => {
    expect(() => validateTransitionTable()).not.toThrow();
  });
  it.each([
    ['pending', 'audited', true],
    ['pending', 'allocated', false],
    ['audited', 'allocated', true],
    ['pending', 'shipped', false],
    ['on_hold', 'pending', true],
    ['allocated', 'picking', true],
    ['allocated', 'shipped', true],
    ['picking', 'cancelled', false],
    ['picking', 'on_hold', true],
    ['shipped', 'cancelled', false],
    ['shipped', 'completed', true],
    ['cancelled', 'pending', false],
    ['merged', 'pending', true],
    ['split', 'pending', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
  it('rejects a table with an unknown or unreachable state', () => {
    expect(() => validateTransitionTable({ ...transitions, pending: ['teleported'] })).toThrow(/unknown state teleported/);
    const noHold = Object.fromEntries(Object.entries(transitions).map(([k, v]) => [k, v.filter((s) => s !== 'on_hold')]));
    expect(() => validateTransitionTable(noHold)).toThrow(/on_hold is unreachable/);
    const { completed: _, ...missing } = transitions;
    expect(() => validateTransitionTable(missing)).toThrow(/completed has no entry/);
  });
  it('lists where a status can come from', () => {
    expect(sourcesOf('cancelled').sort()).toEqual(['allocated', 'audited', 'merged', 'on_hold', 'pending', 'split']);
    expect(sourcesOf('picking')).toEqual(['allocated']);
  });
});
