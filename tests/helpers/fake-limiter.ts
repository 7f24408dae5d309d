import type { RateLimiter } from '../../connectors/types.js';

/** An in-process RateLimiter that records what was asked of it and never waits. */
export class RecordingLimiter implements RateLimiter {
  readonly acquired: { key: string; cost: number }[] = [];
  readonly pauses: { key: string; ms: number }[] = [];
  readonly refunds: { key: string; units: number }[] = [];
  async refund(key: string, units: number): Promise<void> {
    this.refunds.push({ key, units });
  }
  async acquire(key: string, opts: { ratePerSec: number; burst: number; cost?: number }): Promise<void> {
    this.acquired.push({ key, cost: opts.cost ?? 1 });
  }
  async pause(key: string, ms: number): Promise<void> {
    this.pauses.push({ key, ms });
  }
}

export const silentLog = { debug() {}, info() {}, warn() {} };
