import { Schema, type Connection } from 'mongoose';

/**
 * The idempotency key of a stock movement, looked up by `_id` (a store like FerretDB 1.x only uses an
 * index for `{ _id: value }` filters; any other filter scans the whole ledger). A key document is written
 * before its ledger entry and names the entry about to be inserted, so a missing key document proves the
 * movement was never applied. The ledger entry's unique `key` stays the guard.
 */
export interface StockKeyDoc {
  _id: string;
  entryId: string | null;
}

const schema = new Schema<StockKeyDoc>({ _id: { type: String, required: true }, entryId: { type: String, default: null } }, { versionKey: false });

export const stockKeyModel = (conn: Connection) => conn.model<StockKeyDoc>('StockKey', schema, 'stock_keys');
