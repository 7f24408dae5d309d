import type { Ctx } from '../../context.js';
import type { WebhooksJob } from '../../queues.js';
import { drainEndpoint } from './drain.js';
import { egressCheck } from './egress-check.js';
import { webhookSettings } from './settings.js';
import { emitStockChanged } from './stock-changed.js';

/** The webhooks queue's jobs: drain one endpoint's queue, or emit the coalesced stock changes of a seller. */
export function webhooksHandler(base: Ctx): (ctx: Ctx, job: WebhooksJob) => Promise<unknown> {
  const settings = webhookSettings(base);
  const deps = { settings, egress: egressCheck({ allowPrivate: settings.allowPrivate }) };
  return (ctx, job) => (job.kind === 'drain' ? drainEndpoint(ctx, deps, job.endpointId) : emitStockChanged(ctx, job.sellerId));
}
