import { z } from 'zod';
import { catalogue, eventTypes, payloadSchema } from './catalogue.js';

/** The catalogue's payload schemas as OpenAPI components, named `WebhookEvent.<type>`. */
export function webhookComponentSchemas(): Record<string, object> {
  return Object.fromEntries(eventTypes.map((t) => [`WebhookEvent.${t}`, z.toJSONSchema(payloadSchema(t), { target: 'openapi-3.0' })]));
}

/** The catalogue as the API lists it. */
export function catalogueView() {
  return eventTypes.map((t) => ({ type: t, version: catalogue[t].version, summary: catalogue[t].summary, schema: z.toJSONSchema(payloadSchema(t)) }));
}
