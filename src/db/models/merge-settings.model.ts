import { Schema, type Connection } from 'mongoose';

/** Per-seller merge (合单) and split (拆单) settings; one document per seller, `_id` = sellerId. */
export interface MergeSettingsDoc {
  _id: string;
  merge: {
    enabled: boolean;
    /** shop: only orders of the same shop merge (default); platform: any shop of the same platform. */
    scope: 'shop' | 'platform';
    /** Orders placed within this many minutes of each other may merge. */
    windowMinutes: number;
  };
  split: {
    /** Presale lines ship in their own parcel. */
    byPresale: boolean;
    /** Maximum parcel weight in grams; absent = no limit. */
    maxParcelWeight?: number | null;
    /** Split by warehouse availability when no single warehouse fills the order. */
    byWarehouse: boolean;
    /** Ship what is in stock now and keep the rest as a backorder child (partial shipment). */
    allowPartial: boolean;
  };
  updatedAt: Date;
}

const schema = new Schema<MergeSettingsDoc>(
  {
    _id: { type: String, required: true },
    merge: { type: Schema.Types.Mixed, required: true },
    split: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false, minimize: false },
);

export const mergeSettingsModel = (c: Connection) => c.model<MergeSettingsDoc>('MergeSettings', schema, 'merge_settings');
