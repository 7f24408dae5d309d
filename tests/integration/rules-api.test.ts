import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop } from '../helpers/orders.js';

let hub: TestHub;
let seller: Awaited<ReturnType<TestHub['newSeller']>>;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = seller.auth) =>
  hub.app.inject({ method, url, headers: { ...headers, 'x-actor': 'ops-anna' }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Rules Co');
  await insertShop(hub.rt.ctx, seller.id, 'shop_rules_api');
  await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 10 });
  await call('POST', '/v1/couriers', { code: 'SF', name: 'SF Express' });
});
afterAll(async () => hub.close());

describe('/v1/rules CRUD with versions', () => {
  it('creates, lists, changes (new version), disables and keeps old versions readable', async () => {
    const created = await call('POST', '/v1/rules', { kind: 'amount_over', name: 'Big orders', priority: 5, params: { threshold: '500.00' } });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ kind: 'amount_over', version: 1, enabled: true, priority: 5, params: { threshold: '500.00' }, updatedBy: 'ops-anna' });

    const changed = await call('PATCH', `/v1/rules/${rule.id}`, { params: { threshold: '800.00' }, expectedVersion: 1 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, params: { threshold: '800.00' } });

    const disabled = await call('POST', `/v1/rules/${rule.id}/disable`);
    expect(disabled.json()).toMatchObject({ version: 3, enabled: false });

    const got = (await call('GET', `/v1/rules/${rule.id}`)).json();
    expect(got.versions.map((v: { version: number; change: string; params: { threshold: string } }) => [v.version, v.change, v.params.threshold]))
      .toEqual([[1, 'created', '500.00'], [2, 'updated', '800.00'], [3, 'disabled', '800.00']]);
    expect((await call('GET', `/v1/rules/${rule.id}/versions/1`)).json()).toMatchObject({ version: 1, enabled: true, params: { threshold: '500.00' } });

    expect((await call('GET', '/v1/rules?enabled=false')).json().items.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await call('GET', '/v1/rules?enabled=true')).json().items.map((r: { id: string }) => r.id)).not.toContain(rule.id);
    expect((await call('POST', `/v1/rules/${rule.id}/enable`)).json()).toMatchObject({ version: 4, enabled: true });
  });

  it('refuses a stale expectedVersion with 409 and writes nothing', async () => {
    const rule = (await call('POST', '/v1/rules', { kind: 'remark_present', name: 'Remarks', params: {} })).json();
    await call('PATCH', `/v1/rules/${rule.id}`, { priority: 1 });
    const stale = await call('PATCH', `/v1/rules/${rule.id}`, { priority: 2, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('RULE_VERSION_CONFLICT');
    expect((await call('GET', `/v1/rules/${rule.id}`)).json()).toMatchObject({ version: 2, priority: 1 });
  });

  it('concurrent edits each make their own version, none lost', async () => {
    const rule = (await call('POST', '/v1/rules', { kind: 'cod', name: 'COD', params: {} })).json();
    const res = await Promise.all([1, 2, 3, 4, 5].map((p) => call('PATCH', `/v1/rules/${rule.id}`, { priority: p })));
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const got = (await call('GET', `/v1/rules/${rule.id}`)).json();
    expect(got.version).toBe(6);
    expect(got.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('/v1/rules bad input and scoping', () => {
  const cases: [string, object, number, string][] = [
    ['unknown kind', { kind: 'nope', name: 'x', params: {} }, 400, 'VALIDATION_FAILED'],
    ['params of the wrong shape', { kind: 'amount_over', name: 'x', params: { threshold: 'lots' } }, 422, 'INVALID_RULE'],
    ['unknown param', { kind: 'cod', name: 'x', params: { maxAmount: '1.00', extra: 1 } }, 422, 'INVALID_RULE'],
    ['hold_until without a date', { kind: 'hold_until', name: 'x', params: {} }, 422, 'INVALID_RULE'],
    ['bad regular expression', { kind: 'address_valid', name: 'x', params: { postalCodePatterns: { US: '([' } } }, 422, 'INVALID_RULE'],
    ['catastrophic backtracking pattern', { kind: 'address_valid', name: 'x', params: { postalCodePatterns: { US: '((a+)+)+b' } } }, 422, 'INVALID_RULE'],
    ['look-ahead (not linear-time)', { kind: 'address_valid', name: 'x', params: { postalCodePatterns: { US: '(?=\\d)\\d{5}' } } }, 422, 'INVALID_RULE'],
    ['unknown warehouse', { kind: 'warehouse', name: 'x', params: { warehouseCode: 'NOPE' } }, 422, 'UNKNOWN_WAREHOUSE'],
    ['unknown courier', { kind: 'courier', name: 'x', params: { courierCode: 'NOPE' } }, 422, 'UNKNOWN_COURIER'],
    ['unknown shop', { kind: 'cod', name: 'x', shopIds: ['shop_other'], params: {} }, 422, 'UNKNOWN_SHOP'],
    ['missing name', { kind: 'cod', params: {} }, 400, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('%s → %i %s', async (_name, body, status, code) => {
    const before = (await call('GET', '/v1/rules')).json().items.length;
    const res = await call('POST', '/v1/rules', body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect((await call('GET', '/v1/rules')).json().items.length).toBe(before);
  });

  it('accepts rules naming the seller\'s own shop, warehouse and courier', async () => {
    const res = await call('POST', '/v1/rules', { kind: 'courier', name: 'SF for the shop', shopIds: ['shop_rules_api'], params: { courierCode: 'SF', warehouseCodes: ['MAIN'] } });
    expect(res.statusCode).toBe(201);
  });

  it("answers 404 for another seller's rule, and for a missing version", async () => {
    const rule = (await call('POST', '/v1/rules', { kind: 'risk_flags', name: 'Risk', params: {} })).json();
    const other = await hub.newSeller('Other');
    for (const [method, url] of [['GET', `/v1/rules/${rule.id}`], ['PATCH', `/v1/rules/${rule.id}`], ['POST', `/v1/rules/${rule.id}/disable`], ['GET', `/v1/rules/${rule.id}/versions/1`]] as const) {
      const res = await call(method, url, method === 'PATCH' ? { priority: 1 } : undefined, other.auth);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await call('GET', '/v1/rules', undefined, other.auth)).json().items).toEqual([]);
    expect((await call('GET', `/v1/rules/${rule.id}/versions/9`)).statusCode).toBe(404);
    expect((await call('GET', `/v1/rules/${rule.id}`)).json().enabled).toBe(true);
  });
});
