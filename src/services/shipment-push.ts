import { ConnectorError } from '../../connectors/errors.js';
import type { Connector } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { OrderDoc, ShipmentPushRecord } from '../db/models/order.model.js';
import type { PlanStep } from '../domain/writeback-plan.js';
import { appendEvents } from './events.js';
import { note } from './order-writes.js';

/** A refusal that says the order is already shipped on the platform (the answer to an earlier call was lost). */
const alreadyShippedCodes = new Set(['already_shipped']);
const alreadyShippedText = /already\s+(been\s+)?(shipped|fulfill?ed|consigned|sent|arranged)|已发货|重复发货|已经发货/i;
export function meansAlreadyShipped(err: unknown): boolean {
  if (!(err instanceof ConnectorError) || err.retryable || err.kind === 'auth') return false;
  return alreadyShippedCodes.has(err.opts.platformCode ?? '') || alreadyShippedText.test(err.message);
}

export type StepResult = { record: ShipmentPushRecord; error?: unknown; permanent?: boolean };

/**
 * Carries out one planned step. A send is recorded as `sending` with its fingerprint before the call goes out,
 * so an "already shipped" refusal on a later attempt of the same fingerprint is known to be our own lost reply.
 */
export async function runStep(
  ctx: Ctx, o: OrderDoc, connector: Connector, step: PlanStep, before: ShipmentPushRecord | undefined,
  save: (r: ShipmentPushRecord) => Promise<void>,
): Promise<StepResult> {
  const at = ctx.now();
  const attempts = (before?.attempts ?? 0);
  if (step.action === 'already_sent') return { record: before! };
  if (step.action === 'not_sent') {
    const s = o.shipments.find((x) => x.shipmentId === step.parcelId);
    const record: ShipmentPushRecord = {
      platformOrderId: step.platformOrderId, state: 'not_sent', trackingNumber: s?.trackingNumber ?? '', courierCode: s?.courierCode ?? '',
      reason: step.reason, detail: step.detail, attempts, at,
    };
    if (before?.state !== 'not_sent' || before.reason !== step.reason) {
      await note(ctx, o._id, { type: 'shipment.push_not_sent', by: 'outbound', data: { shipmentId: step.parcelId, platformOrderId: step.platformOrderId, reason: step.reason, detail: step.detail } });
      ctx.log.warn({ orderId: o._id, shipmentId: step.parcelId, platformOrderId: step.platformOrderId, reason: step.reason }, 'parcel cannot be expressed on the platform: not sent');
    }
    return { record };
  }
  const p = step.push;
  const base = { platformOrderId: p.platformOrderId, fingerprint: step.fingerprint, trackingNumber: p.trackingNumber, courierCode: p.courierCode, lines: p.lines, partial: p.partial };
  const retryOfSame = before !== undefined && before.state !== 'sent' && before.fingerprint === step.fingerprint && before.attempts > 0;
  await save({ ...base, state: 'sending', attempts: attempts + 1, at, lastError: before?.lastError });
  try {
    const res = await connector.pushShipment(p);
    return { record: { ...base, state: 'sent', attempts: attempts + 1, at: ctx.now(), platformShipmentId: res.platformShipmentId } };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (retryOfSame && meansAlreadyShipped(err)) {
      ctx.log.info({ orderId: o._id, shipmentId: p.shipmentId, platformOrderId: p.platformOrderId }, 'platform already shows the parcel shipped after a lost reply: recorded as sent');
      return { record: { ...base, state: 'sent', attempts: attempts + 1, at: ctx.now(), detail: 'confirmed by an already-shipped refusal', lastError: message } };
    }
    const permanent = err instanceof ConnectorError && !err.retryable && err.kind !== 'auth';
    return { record: { ...base, state: permanent ? 'failed' : 'sending', attempts: attempts + 1, at: ctx.now(), lastError: message }, error: err, permanent };
  }
}

export async function shipmentPushedEvent(ctx: Ctx, o: OrderDoc, shipmentId: string, r: ShipmentPushRecord): Promise<void> {
  await appendEvents(ctx.models, [{
    _id: `shipment.pushed:${shipmentId}:${r.platformOrderId}:${r.fingerprint ?? ''}`, sellerId: o.sellerId, type: 'shipment.pushed',
    subject: { kind: 'order', id: o._id }, data: { shipmentId, platformOrderId: r.platformOrderId, trackingNumber: r.trackingNumber },
  }], ctx.now());
}
