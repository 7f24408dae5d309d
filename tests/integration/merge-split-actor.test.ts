import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrders, normalizedOrder } from '../helpers/orders.js';
import { startWorld, type World } from './merge-split-fixtures.js';

let w: World;
const as = (who: string, method: 'POST' | 'PUT', url: string, payload: object) =>
  w.hub.app.inject({ method, url, headers: { ...w.seller.auth, 'x-actor': who }, payload });

beforeAll(async () => { w = await startWorld({ MAIN: { A: 10, B: 10 } }); });
afterAll(async () => w.hub.close());

describe('merge and split by hand record who did it (X-Actor), as the other CS actions do', () => {
  it('merge, split and do-not-merge', async () => {
    const ctx = w.hub.rt.ctx;
    const who = { buyer: { platformBuyerId: 'B-act', name: 'Act' }, address: { name: 'Act', line1: '3 Oak St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' } };
    const [a, b, c] = await importOrders(ctx, w.shop, [normalizedOrder({ ...who, skus: [['A', 1]] }), normalizedOrder({ ...who, skus: [['B', 1]] }), normalizedOrder({ skus: [['A', 1], ['B', 2]] })]);
    const merged = await as('li.na', 'POST', '/v1/orders/merge', { orderIds: [a, b] });
    expect(merged.statusCode, merged.body).toBe(201);
    const master = await w.order(merged.json().masterId);
    expect(master.timeline[0]).toMatchObject({ type: 'merge.created', by: 'cs:li.na' });
    expect((await w.order(a!)).timeline.at(-1)).toMatchObject({ type: 'merged', by: 'cs:li.na' });

    const split = await as('mei', 'POST', `/v1/orders/${c}/split`, { parcels: [{ lines: [{ lineId: (await w.order(c!)).lines[0]!.lineId, quantity: 1 }] }, { lines: [{ lineId: (await w.order(c!)).lines[1]!.lineId, quantity: 2 }] }] });
    expect(split.statusCode, split.body).toBe(201);
    expect((await w.order(c!)).timeline.at(-1)).toMatchObject({ type: 'split', by: 'cs:mei' });
    expect((await w.order(split.json().childIds[0])).timeline[0]).toMatchObject({ by: 'cs:mei' });

    expect((await as('bo', 'PUT', `/v1/orders/${a}/do-not-merge`, { doNotMerge: true })).statusCode).toBe(200);
    expect((await w.order(a!)).timeline.at(-1)).toMatchObject({ type: 'merge.blocked', by: 'cs:bo' });
  });
});
