// Measures the store the hub is configured for (.data/services.env or MONGODB_URI), at STORE_DOCS order-like
// documents (default 100k, about 1.3 KB each): find by `_id` p50 and a `{sellerId, status}` query p50 (all
// matches and the first 20), plus the plan FerretDB reports for the latter. Figures are printed, not asserted.
//   tsx scripts/measure-store.ts            (run `bash scripts/services.sh` first)
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';

const env = Object.fromEntries(readFileSync(new URL('../.data/services.env', import.meta.url), 'utf8').split('\n')
  .map((l) => /^([A-Z_]+)=(.*)$/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
const uri = new URL(process.env.MONGODB_URI ?? env.MONGODB_URI ?? '');
const N = Number(process.env.STORE_DOCS ?? 100_000);
const SELLERS = 10;
const STATUSES = ['pending', 'allocated', 'on_hold', 'released', 'shipped', 'cancelled'];
const say = (s: string) => process.stdout.write(`${s}\n`);

function order(i: number) {
  return {
    _id: `ord_${String(i).padStart(8, '0')}`,
    sellerId: `sel_${i % SELLERS}`,
    shopId: `shop_${i % (SELLERS * 3)}`,
    platformOrderId: `P-${i}`,
    status: STATUSES[Math.floor(i / SELLERS) % STATUSES.length],
    buyer: { name: `Buyer ${i}`, email: `buyer${i}@example.com`, phone: `+1555${String(i).padStart(7, '0')}` },
    address: { name: `Buyer ${i}`, line1: `${i} Main St`, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    lines: Array.from({ length: 3 }, (_, k) => ({ lineId: `L-${i}-${k}`, skuCode: `SKU-${(i + k) % 500}`, quantity: 1 + k, unitPrice: '10.00', note: randomBytes(40).toString('hex') })),
    amounts: { subtotal: '30.00', shipping: '0.00', tax: '0.00', discount: '0.00', total: '30.00' },
    timeline: [{ at: new Date(), type: 'imported', by: 'import:sandbox', data: { platformStatus: 'paid' } }],
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

async function p50(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return Number(ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!.toFixed(2));
}

uri.pathname = '/measure_store';
const client = new MongoClient(uri.toString(), { maxPoolSize: 4 });
await client.connect();
const db = client.db();
const orders = db.collection<{ _id: string }>('orders');
const have = await orders.estimatedDocumentCount();
if (have < N) {
  await orders.createIndex({ sellerId: 1, status: 1 });
  const t = performance.now();
  for (let i = have; i < N; i += 1000) await orders.insertMany(Array.from({ length: Math.min(1000, N - i) }, (_, k) => order(i + k)), { ordered: false });
  say(`inserted ${N - have} docs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
say(`store ${uri.host}, ${await orders.estimatedDocumentCount()} docs`);
const byId = await p50(200, (i) => orders.findOne({ _id: `ord_${String((i * 7919) % N).padStart(8, '0')}` }));
const filter = (i: number) => ({ sellerId: `sel_${i % SELLERS}`, status: STATUSES[i % STATUSES.length] });
const matches = await orders.countDocuments(filter(3));
const all = await p50(21, (i) => orders.find(filter(i)).toArray());
const first20 = await p50(21, (i) => orders.find(filter(i)).limit(20).toArray());
say(`find by _id p50: ${byId} ms`);
say(`{sellerId, status} p50: ${all} ms (about ${matches} matches), with limit 20: ${first20} ms`);
const plan = JSON.stringify(await db.command({ explain: { find: 'orders', filter: filter(3) } }));
say(`plan: ${/Bitmap Index Scan|Index Scan|IXSCAN/.exec(plan)?.[0] ?? 'no index'}${/_gin/.test(plan) ? ' on the GIN twin' : ''} (${(/"Index Name":"([^"]+)"/.exec(plan) ?? /"indexName":"([^"]+)"/.exec(plan))?.[1] ?? '-'})`);
if (process.env.STORE_KEEP !== '1') await db.dropDatabase();
await client.close();
