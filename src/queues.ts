import { z } from 'zod';

/** The single list of queues and the schema of each job's payload. Payloads carry ids, never secrets. */
export const queueNames = {
  import: 'import',
  pipeline: 'pipeline',
  outbound: 'outbound',
  maintenance: 'maintenance',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export const importJob = z.object({
  shopId: z.string(),
  reason: z.enum(['schedule', 'manual', 'webhook', 'replay']),
  /** For replays: re-pull this window instead of the incremental one. */
  window: z.object({ since: z.string(), until: z.string() }).optional(),
  /** For webhooks: read this one order now instead of a window. */
  platformOrderId: z.string().min(1).max(200).optional(),
});
export type ImportJob = z.infer<typeof importJob>;

export const pipelineJob = z.object({
  sellerId: z.string(),
  orderIds: z.array(z.string()).min(1),
});
export type PipelineJob = z.infer<typeof pipelineJob>;

export const outboundJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('push-shipment'), orderId: z.string(), shipmentId: z.string() }),
  z.object({ kind: z.literal('push-stock'), sellerId: z.string() }),
]);
export type OutboundJob = z.infer<typeof outboundJob>;

export const maintenanceJob = z.object({ kind: z.enum(['sweep', 'schedule-syncs', 'reconcile-counts', 'reconcile-stock']) });
export type MaintenanceJob = z.infer<typeof maintenanceJob>;

export const webhooksJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('drain'), endpointId: z.string() }),
  z.object({ kind: z.literal('stock-changed'), sellerId: z.string() }),
]);
export type WebhooksJob = z.infer<typeof webhooksJob>;

export interface JobPayloads {
  import: ImportJob;
  pipeline: PipelineJob;
  outbound: OutboundJob;
  maintenance: MaintenanceJob;
  webhooks: WebhooksJob;
}

/** Deterministic job ids: the same work asked twice is one job. */
export const jobIds = {
  import: (shopId: string, slot: string) => `import:${shopId}:${slot}`,
  pipeline: (orderId: string, rev: string) => `pipeline:${orderId}:${rev}`,
  pushShipment: (orderId: string, shipmentId: string) => `push-shipment:${orderId}:${shipmentId}`,
  pushStock: (sellerId: string, slot: number) => `push-stock:${sellerId}:${slot}`,
};
