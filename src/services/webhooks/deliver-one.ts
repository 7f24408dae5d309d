import type { Ctx } from '../../context.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import type { WebhookQueueDoc } from '../../db/models/webhook-message.model.js';
import type { WebhookPayload } from '../../domain/webhooks/catalogue.js';
import { robotBody, robotRefusal } from '../../domain/webhooks/robot.js';
import { dingtalkSignedUrl, webhookHeaders } from '../../domain/webhooks/signing.js';
import type { EgressCheck } from './egress-check.js';
import { robotSecretOf, signingSecrets } from './endpoints.js';
import { postJson, type SendLimits, type SendOutcome } from './http-send.js';

/**
 * One attempt of one message. Standard endpoints get the stored JSON body with the Standard Webhooks headers,
 * signed with every secret valid now; DingTalk and WeCom robots get a short markdown summary of it (DingTalk on
 * its signed URL when the endpoint has a robot secret).
 */
export async function deliverOne(ctx: Ctx, ep: WebhookEndpointDoc, m: WebhookQueueDoc, limits: SendLimits, egress: EgressCheck): Promise<SendOutcome> {
  const now = ctx.now();
  const ts = Math.floor(now.getTime() / 1000);
  if (ep.kind === 'standard') {
    return postJson(ep.url, m.body, webhookHeaders(signingSecrets(ctx, ep, now), m._id, ts, m.body), limits, egress, ctx.now);
  }
  const body = JSON.stringify(robotBody(ep.kind, JSON.parse(m.body) as WebhookPayload));
  const secret = ep.kind === 'dingtalk' ? robotSecretOf(ctx, ep) : null;
  const url = secret ? dingtalkSignedUrl(ep.url, secret, now.getTime()) : ep.url;
  const out = await postJson(url, body, { 'webhook-id': m._id }, limits, egress, ctx.now);
  const refusal = out.result.ok ? robotRefusal(out.body) : null;
  return refusal ? { ...out, result: { ok: false, status: out.result.status, errorClass: 'robot_refused' } } : out;
}
