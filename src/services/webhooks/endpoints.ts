import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { decryptJson, encryptJson } from '../../crypto.js';
import type { EndpointKind, WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import { robotDefaultTypes } from '../../domain/webhooks/catalogue.js';
import { AppError, notFound } from '../../errors.js';
import type { EgressCheck } from './egress-check.js';
import { wakeEndpoint } from './wake.js';

export interface EndpointInput {
  url: string;
  kind?: EndpointKind;
  description?: string;
  eventTypes?: string[];
  enabled?: boolean;
  rateLimitPerSecond?: number | null;
  /** DingTalk's signed-URL secret ("SEC…"), for kind dingtalk. */
  robotSecret?: string | null;
}

/** `whsec_` + base64 of 24 random bytes: the Standard Webhooks secret format. */
export const newEndpointSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export async function createEndpoint(ctx: Ctx, egress: EgressCheck, sellerId: string, input: EndpointInput): Promise<{ endpoint: WebhookEndpointDoc; secret: string }> {
  await egress.checkUrl(input.url);
  const kind = input.kind ?? 'standard';
  const now = ctx.now();
  const secret = newEndpointSecret();
  const doc: WebhookEndpointDoc = {
    _id: `we_${randomBytes(10).toString('hex')}`,
    sellerId,
    kind,
    url: input.url,
    description: input.description ?? '',
    eventTypes: input.eventTypes ?? (kind === 'standard' ? [] : robotDefaultTypes),
    enabled: input.enabled ?? true,
    disabledReason: input.enabled === false ? 'manual' : null,
    secrets: [{ sealed: encryptJson(ctx.config.credentialsKey, secret), createdAt: now, expiresAt: null }],
    robotSecret: input.robotSecret ? encryptJson(ctx.config.credentialsKey, input.robotSecret) : null,
    rateLimitPerSecond: input.rateLimitPerSecond ?? null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.models.WebhookEndpoint.collection.insertOne(doc as never);
  ctx.log.info({ sellerId, endpointId: doc._id, kind }, 'webhook endpoint created');
  return { endpoint: doc, secret };
}

export async function getEndpoint(ctx: Ctx, sellerId: string, id: string): Promise<WebhookEndpointDoc> {
  const ep = await ctx.models.WebhookEndpoint.findOne({ _id: id, sellerId }).lean<WebhookEndpointDoc>();
  if (!ep) throw notFound('webhook endpoint', id);
  return ep;
}

export async function listEndpoints(ctx: Ctx, sellerId: string): Promise<WebhookEndpointDoc[]> {
  return ctx.models.WebhookEndpoint.find({ sellerId }).sort({ createdAt: 1 }).lean<WebhookEndpointDoc[]>();
}

export async function updateEndpoint(ctx: Ctx, egress: EgressCheck, sellerId: string, id: string, input: Partial<EndpointInput>): Promise<WebhookEndpointDoc> {
  const ep = await getEndpoint(ctx, sellerId, id);
  if (input.url !== undefined) await egress.checkUrl(input.url);
  if (input.kind !== undefined && input.kind !== ep.kind) throw new AppError('VALIDATION_FAILED', 'the kind of an endpoint cannot change');
  const set: Partial<WebhookEndpointDoc> = { updatedAt: ctx.now() };
  if (input.url !== undefined) set.url = input.url;
  if (input.description !== undefined) set.description = input.description;
  if (input.eventTypes !== undefined) set.eventTypes = input.eventTypes;
  if (input.rateLimitPerSecond !== undefined) set.rateLimitPerSecond = input.rateLimitPerSecond;
  if (input.robotSecret !== undefined) set.robotSecret = input.robotSecret ? encryptJson(ctx.config.credentialsKey, input.robotSecret) : null;
  if (input.enabled !== undefined) {
    set.enabled = input.enabled;
    set.disabledReason = input.enabled ? null : 'manual';
    if (input.enabled) set.failingSince = null;
  }
  await ctx.models.WebhookEndpoint.updateOne({ _id: id, sellerId }, { $set: set });
  // Re-enabled: whatever waited in its queue goes out now.
  if (input.enabled && !ep.enabled) await wakeEndpoint(ctx, id);
  return { ...ep, ...set };
}

export async function deleteEndpoint(ctx: Ctx, sellerId: string, id: string): Promise<void> {
  await getEndpoint(ctx, sellerId, id);
  await ctx.models.WebhookEndpoint.deleteOne({ _id: id, sellerId });
  await ctx.models.WebhookQueue.deleteMany({ endpointId: id });
}

/** A new secret signs from now on; the previous ones keep signing for `graceSeconds`, then lapse. */
export async function rotateSecret(ctx: Ctx, sellerId: string, id: string, graceSeconds: number): Promise<{ secret: string; previousExpiresAt: Date }> {
  const ep = await getEndpoint(ctx, sellerId, id);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + graceSeconds * 1000);
  const secret = newEndpointSecret();
  const kept = ep.secrets
    .filter((s) => !s.expiresAt || s.expiresAt > now)
    .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < expiresAt ? s.expiresAt : expiresAt }));
  const secrets = [{ sealed: encryptJson(ctx.config.credentialsKey, secret), createdAt: now, expiresAt: null }, ...kept];
  await ctx.models.WebhookEndpoint.updateOne({ _id: id, sellerId }, { $set: { secrets, updatedAt: now } });
  ctx.log.info({ sellerId, endpointId: id, graceSeconds }, 'webhook secret rotated');
  return { secret, previousExpiresAt: expiresAt };
}

/** The secrets that sign a delivery made now (the current one first). */
export function signingSecrets(ctx: Pick<Ctx, 'config'>, ep: WebhookEndpointDoc, now: Date): string[] {
  return ep.secrets.filter((s) => !s.expiresAt || s.expiresAt > now).map((s) => decryptJson<string>(ctx.config.credentialsKey, s.sealed));
}

export function robotSecretOf(ctx: Pick<Ctx, 'config'>, ep: WebhookEndpointDoc): string | null {
  return ep.robotSecret ? decryptJson<string>(ctx.config.credentialsKey, ep.robotSecret) : null;
}

/** What the API shows of an endpoint: never a secret. */
export function endpointView(ep: WebhookEndpointDoc) {
  return {
    id: ep._id,
    kind: ep.kind,
    url: ep.url,
    description: ep.description,
    eventTypes: ep.eventTypes,
    enabled: ep.enabled,
    disabledReason: ep.disabledReason,
    rateLimitPerSecond: ep.rateLimitPerSecond,
    failingSince: ep.failingSince,
    hasRobotSecret: ep.robotSecret !== null,
    secretsActive: ep.secrets.length,
    createdAt: ep.createdAt,
    updatedAt: ep.updatedAt,
  };
}
