import { Schema, type Connection } from 'mongoose';

/** The outbox: domain events appended on the same write path as the change they describe. */
export interface EventDoc {
  /** Stable id: the same change yields the same event id, so a retried write appends it once. */
  _id: string;
  sellerId: string;
  type: string;
  subject: { kind: string; id: string };
  data: Record<string, unknown>;
  at: Date;
  /** Position within the write that appended it: orders events of one write that share `at`. */
  pos?: number;
}

const schema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    type: { type: String, required: true },
    subject: { kind: String, id: String },
    data: { type: Schema.Types.Mixed, default: () => ({}) },
    at: { type: Date, required: true },
    pos: { type: Number },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, at: 1, _id: 1 });
schema.index({ 'subject.id': 1, at: 1 });

export const eventModel = (c: Connection) => c.model<EventDoc>('Event', schema, 'events');
