import { Schema, type Connection } from 'mongoose';

export const endpointKinds = ['standard', 'dingtalk', 'wecom'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

/** A signing secret, sealed with the credentials key; a rotated-out secret keeps signing until `expiresAt`. */
export interface SealedSecret {
  sealed: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** An outgoing webhook endpoint of a seller (a URL, or a DingTalk/WeCom group robot). */
export interface WebhookEndpointDoc {
  _id: string;
  sellerId: string;
  kind: EndpointKind;
  url: string;
  description: string;
  /** Catalogue event types; empty means every type (standard endpoints). */
  eventTypes: string[];
  enabled: boolean;
  disabledReason: 'gone' | 'failing' | 'manual' | null;
  secrets: SealedSecret[];
  /** DingTalk's signed-URL secret, sealed. */
  robotSecret: string | null;
  rateLimitPerSecond: number | null;
  /** Set at the first failure after a success; cleared by a success. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<WebhookEndpointDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    kind: { type: String, enum: endpointKinds, required: true },
    url: { type: String, required: true },
    description: { type: String, default: '' },
    eventTypes: { type: [String], default: [] },
    enabled: { type: Boolean, default: true },
    disabledReason: { type: String, default: null },
    secrets: { type: [{ _id: false, sealed: String, createdAt: Date, expiresAt: Date }], default: [] },
    robotSecret: { type: String, default: null },
    rateLimitPerSecond: { type: Number, default: null },
    failingSince: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, createdAt: 1 });

export const webhookEndpointModel = (c: Connection) => c.model<WebhookEndpointDoc>('WebhookEndpoint', schema, 'webhook_endpoints');
