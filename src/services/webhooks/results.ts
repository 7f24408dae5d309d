import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { bulkWriteChunked } from '../../db/bulk.js';
import type { WebhookAttemptDoc } from '../../db/models/webhook-attempt.model.js';

/** Orders attempts logged by one process in the same millisecond. */
let seq = 0;

/**
 * Buffers the outcomes of a drain and writes them in batches: the attempt log (inserts), delivered and given-up
 * messages leave the queue (one delete), retries get their next time (updates, ≤ 40 per command: the store hangs
 * on larger update batches). Only the drain holding the endpoint's lock writes these queue documents.
 */
export class DrainResults {
  private attempts: WebhookAttemptDoc[] = [];
  private done: string[] = [];
  private retries: { id: string; attempts: number; at: Date }[] = [];
  private chain: Promise<void> = Promise.resolve();
  successes = 0;
  failures = 0;

  constructor(private readonly ctx: Ctx, private readonly flushEvery = 500) {}

  add(a: Omit<WebhookAttemptDoc, '_id'>, queue: { done: true } | { done: false; attempts: number; at: Date }, id: string): Promise<void> {
    this.attempts.push({ ...a, _id: `wa_${a.at.getTime().toString(36)}${(seq = (seq + 1) % 36 ** 4).toString(36).padStart(4, '0')}${randomBytes(5).toString('hex')}` });
    if (queue.done) this.done.push(id);
    else this.retries.push({ id, attempts: queue.attempts, at: queue.at });
    if (a.outcome === 'delivered') this.successes++;
    else this.failures++;
    return this.attempts.length >= this.flushEvery ? this.flush() : Promise.resolve();
  }

  flush(): Promise<void> {
    const attempts = this.attempts.splice(0);
    const done = this.done.splice(0);
    const retries = this.retries.splice(0);
    const models = this.ctx.models;
    this.chain = this.chain.then(async () => {
      if (attempts.length > 0) await models.WebhookAttempt.collection.insertMany(attempts as never[], { ordered: false });
      if (done.length > 0) await models.WebhookQueue.deleteMany({ _id: { $in: done } });
      // Through the store's one bulk writer: chunked and bounded as FerretDB's pool is sized for.
      if (retries.length > 0) await bulkWriteChunked(models.WebhookQueue, retries.map((r) => ({ updateOne: { filter: { _id: r.id }, update: { $set: { attempts: r.attempts, nextAttemptAt: r.at } } } })), { ordered: false });
    });
    return this.chain;
  }
}
