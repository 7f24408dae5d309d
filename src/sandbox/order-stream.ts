import type { SandboxStore } from './store.js';

const buyers = [
  { name: 'Wang Fang', email: 'wang.fang@example.com', city: 'Shanghai', province: 'Shanghai', zip: '200001', country: 'CN' },
  { name: 'Zhang Wei', email: 'zhang.wei@example.com', city: 'Hangzhou', province: 'Zhejiang', zip: '310000', country: 'CN' },
  { name: 'Maria Lopez', email: 'maria@example.com', city: 'Los Angeles', province: 'CA', zip: '90012', country: 'US' },
  { name: 'Tom Baker', email: 'tom@example.com', city: 'San Jose', province: 'CA', zip: '95112', country: 'US' },
];

/**
 * Plays shoppers on the sandbox storefront for the embedded demo: a new order every interval (sometimes
 * several lines, sometimes more than the stock allows), and now and then a refund of a recent order.
 */
export function startOrderStream(store: SandboxStore, opts: { intervalMs: number; skus: string[]; random?: () => number }): { stop(): void } {
  const rnd = opts.random ?? Math.random;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const tick = () => {
    try {
      const skus = opts.skus.filter((s) => store.product(s));
      if (skus.length === 0) return;
      const recent = store.orders().filter((o) => o.status === 'paid').slice(-5);
      if (recent.length > 0 && rnd() < 0.1) {
        store.refund(pick(recent).id, { reason: 'buyer changed their mind' });
        return;
      }
      const lineCount = rnd() < 0.3 ? 2 : 1;
      const chosen = [...new Set(Array.from({ length: lineCount }, () => pick(skus)))];
      const b = pick(buyers);
      store.createOrder({
        lines: chosen.map((sku) => ({ sku, quantity: rnd() < 0.1 ? 20 : 1 + Math.floor(rnd() * 2) })),
        customer: { name: b.name, email: b.email },
        address: { name: b.name, address1: `${1 + Math.floor(rnd() * 200)} Demo Road`, city: b.city, province: b.province, zip: b.zip, country_code: b.country },
        currency: b.country === 'CN' ? 'CNY' : 'USD',
        note: rnd() < 0.1 ? 'please gift-wrap' : null,
      });
    } catch {
      // A demo generator never takes the process down.
    }
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
