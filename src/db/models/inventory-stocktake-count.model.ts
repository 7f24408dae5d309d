import { Schema, type Connection } from 'mongoose';

/**
 * One count recorded during a stocktake: a scan (add) or a recount (set) by one counter. Immutable; `_id`
 * is `${stocktakeId}:${entryId}` with the client's entry id, so a retried scan is recorded once.
 */
export interface StocktakeCountDoc {
  _id: string;
  stocktakeId: string;
  sellerId: string;
  skuCode: string;
  counter: string;
  mode: 'add' | 'set';
  quantity: number;
  at: Date;
}

const schema = new Schema<StocktakeCountDoc>(
  {
    _id: { type: String, required: true },
    stocktakeId: { type: String, required: true },
    sellerId: { type: String, required: true },
    skuCode: { type: String, required: true },
    counter: { type: String, required: true },
    mode: { type: String, required: true },
    quantity: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ stocktakeId: 1, at: 1, _id: 1 });

export const stocktakeCountModel = (c: Connection) =>
  c.model<StocktakeCountDoc>('InventoryStocktakeCount', schema, 'inventory_stocktake_counts');
