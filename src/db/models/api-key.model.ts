import { Schema, type Connection } from 'mongoose';

/** One API key of a seller; the key itself is shown once at creation, only its sha256 is stored. */
export interface ApiKeyDoc {
  _id: string;
  sellerId: string;
  name: string;
  keyHash: string;
  /** The key's first characters, so a seller can tell keys apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

const schema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    name: { type: String, required: true },
    keyHash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, createdAt: 1 });

export const apiKeyModel = (c: Connection) => c.model<ApiKeyDoc>('ApiKey', schema, 'api_keys');
