import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

/** API keys: several per seller, shown once, stored hashed, revoked at once; a pre-existing seller key keeps working. */
let hub: TestHub;
let seller: { id: string; auth: { authorization: string } };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const keyOf = (auth: { authorization: string }) => auth.authorization.slice('Bearer '.length);

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Keys');
});
afterAll(async () => hub.close());

const list = async (auth: { authorization: string }) => {
  const res = await hub.app.inject({ method: 'GET', url: '/v1/api-keys', headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res;
};

describe('API keys', () => {
  it('a new seller has one key, listed without its secret', async () => {
    const res = await list(seller.auth);
    const items = res.json<{ items: { id: string; name: string; prefix: string; current: boolean; lastUsedAt: string | null }[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'initial', current: true, prefix: keyOf(seller.auth).slice(0, 7) });
    expect(items[0]!.lastUsedAt).not.toBeNull();
    expect(res.body).not.toContain(keyOf(seller.auth));
    expect(res.body).not.toContain(sha256Hex(keyOf(seller.auth)));
  });

  it('rotation: create a second key, use it, delete the old one: the old key is refused at once', async () => {
    const created = await hub.app.inject({ method: 'POST', url: '/v1/api-keys', headers: seller.auth, payload: { name: 'ci deploy' } });
    expect(created.statusCode, created.body).toBe(201);
    const fresh = created.json<{ id: string; apiKey: string; name: string }>();
    expect(fresh.name).toBe('ci deploy');
    expect((await hub.app.inject({ method: 'GET', url: '/v1/shops', headers: bearer(fresh.apiKey) })).statusCode).toBe(200);
    // Stored hashed: the collection holds no secret.
    const raw = JSON.stringify(await hub.rt.ctx.models.ApiKey.find({ sellerId: seller.id }).lean());
    expect(raw).not.toContain(fresh.apiKey);
    expect(raw).not.toContain(keyOf(seller.auth));
    const listed = await list(bearer(fresh.apiKey));
    expect(listed.body).not.toContain(fresh.apiKey);
    const items = listed.json<{ items: { id: string; name: string; current: boolean }[] }>().items;
    expect(items.map((i) => [i.name, i.current])).toEqual([['initial', false], ['ci deploy', true]]);

    const old = items.find((i) => i.name === 'initial')!;
    const del = await hub.app.inject({ method: 'DELETE', url: `/v1/api-keys/${old.id}`, headers: bearer(fresh.apiKey) });
    expect(del.statusCode, del.body).toBe(204);
    const refused = await hub.app.inject({ method: 'GET', url: '/v1/shops', headers: seller.auth });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    seller.auth = bearer(fresh.apiKey);
  });

  it('the last key cannot be deleted; another seller\'s key is not found; bad input is a 400', async () => {
    const items = (await list(seller.auth)).json<{ items: { id: string }[] }>().items;
    expect(items).toHaveLength(1);
    const last = await hub.app.inject({ method: 'DELETE', url: `/v1/api-keys/${items[0]!.id}`, headers: seller.auth });
    expect(last.statusCode).toBe(409);
    const other = await hub.newSeller('Other');
    const foreign = await hub.app.inject({ method: 'DELETE', url: `/v1/api-keys/${items[0]!.id}`, headers: other.auth });
    expect(foreign.statusCode).toBe(404);
    const bad = await hub.app.inject({ method: 'POST', url: '/v1/api-keys', headers: seller.auth, payload: { name: '' } });
    expect(bad.statusCode).toBe(400);
    expect((await hub.app.inject({ method: 'GET', url: '/v1/api-keys' })).statusCode).toBe(401);
  });

  it('a seller stored before key records existed keeps its key, which can then be rotated away', async () => {
    const legacyKey = 'sk_legacy-key-0123456789abcdef';
    await hub.rt.ctx.models.Seller.create({ _id: 'sel_legacy', name: 'Legacy', apiKeyHash: sha256Hex(legacyKey), apiKeyPrefix: legacyKey.slice(0, 7) });
    const items = (await list(bearer(legacyKey))).json<{ items: { id: string; name: string }[] }>().items;
    expect(items.map((i) => i.name)).toEqual(['initial']);
    const fresh = (await hub.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(legacyKey), payload: { name: 'new' } })).json<{ apiKey: string }>();
    const del = await hub.app.inject({ method: 'DELETE', url: `/v1/api-keys/${items[0]!.id}`, headers: bearer(fresh.apiKey) });
    expect(del.statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(legacyKey) })).statusCode).toBe(401);
    expect((await hub.app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(fresh.apiKey) })).statusCode).toBe(200);
  });
});
