import { describe, expect, it } from 'vitest';
import { chaosTable, runChaos } from '../../scripts/chaos-run.js';

describe('chaos, short version (npm run chaos runs the long one)', () => {
  it('a few worker kills, a Redis restart, a store restart and platform faults: nothing lost, doubled or drifted', async () => {
    const r = await runChaos({ kills: 4, orders: 12, stock: 9 });
    console.info(chaosTable(r));
    expect(r).toMatchObject({ kills: 4, redisRestarts: 1, storeRestarts: 1, lost: 0, duplicated: 0, doubleDeductions: 0, doubleFulfilments: 0, stockDrift: 0 });
  }, 600_000);
});
