import type { NormalizedAddress } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import { listingId } from '../db/models/listing.model.js';
import type { OrderDoc } from '../db/models/order.model.js';
import type { HubStatus } from '../domain/order.js';
import { AppError } from '../errors.js';
import { note, withOrder } from './order-writes.js';

/** Orders CS may still edit: nothing has been handed to the warehouse. */
const editable: readonly HubStatus[] = ['pending', 'audited', 'on_hold'];

function assertEditable(o: OrderDoc, what: string): void {
  if (!editable.includes(o.hubStatus)) {
    throw new AppError('CONFLICT', `order ${o._id} is ${o.hubStatus}: ${what} can only change before allocation (release or cancel it first)`, { status: o.hubStatus });
  }
}

/** Edits the shipping address (every change recorded with who, when and what it was before). */
export function editAddress(ctx: Ctx, sellerId: string, orderId: string, patch: Partial<NormalizedAddress>, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    assertEditable(o, 'the address');
    const before = o.address ?? null;
    const address = { ...(o.address ?? { name: '', line1: '', city: '', country: '' }), ...patch } as NormalizedAddress;
    await note(ctx, o._id, { type: 'address.edited', by, data: { before, after: address } }, { address });
    return { ...o, address };
  });
}

/** Maps one line to an internal SKU; `remember` also maps the shop's listing, so future orders map by themselves. */
export function mapLineSku(ctx: Ctx, sellerId: string, orderId: string, lineId: string, input: { skuCode: string; remember?: boolean }, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    assertEditable(o, 'SKU mappings');
    const line = o.lines.find((l) => l.lineId === lineId);
    if (!line) throw new AppError('NOT_FOUND', `order ${orderId} has no line ${lineId}`);
    const sku = await ctx.models.Sku.findOne({ sellerId, code: input.skuCode }, { code: 1 }).lean();
    if (!sku) throw new AppError('UNKNOWN_SKU', `SKU ${input.skuCode} is not in the catalogue`);
    const lines = o.lines.map((l) => (l.lineId === lineId ? { ...l, skuCode: input.skuCode } : l));
    await note(ctx, o._id, { type: 'line.mapped', by, data: { lineId, before: line.skuCode ?? null, after: input.skuCode, remember: Boolean(input.remember) } }, { lines });
    if (input.remember && (line.platformSku || line.platformVariantId)) {
      await ctx.models.Listing.updateOne(
        { _id: listingId(o.shopId, input.skuCode) },
        { $set: { platformSku: line.platformSku, platformVariantId: line.platformVariantId, platformProductId: line.platformProductId }, $setOnInsert: { sellerId, shopId: o.shopId, skuCode: input.skuCode } },
        { upsert: true },
      );
    }
    return { ...o, lines };
  });
}

/** Pins the warehouse and/or courier the next pipeline run must use (CS overrides the matching rules). */
export function assignOrder(ctx: Ctx, sellerId: string, orderId: string, input: { warehouseCode?: string | null; courierCode?: string | null }, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    assertEditable(o, 'the warehouse or courier');
    const set: Partial<OrderDoc> = {};
    if (input.warehouseCode !== undefined) {
      const w = input.warehouseCode ? await ctx.models.Warehouse.findOne({ sellerId, code: input.warehouseCode }, { _id: 1 }).lean() : null;
      if (input.warehouseCode && !w) throw new AppError('UNKNOWN_WAREHOUSE', `warehouse ${input.warehouseCode} is not configured`);
      set.assignedWarehouseId = w?._id ?? null;
    }
    if (input.courierCode !== undefined) {
      const c = input.courierCode ? await ctx.models.Courier.findOne({ sellerId, code: input.courierCode }, { _id: 1 }).lean() : null;
      if (input.courierCode && !c) throw new AppError('UNKNOWN_COURIER', `courier ${input.courierCode} is not configured`);
      set.assignedCourierCode = input.courierCode ?? null;
    }
    await note(ctx, o._id, { type: 'assigned', by, data: { before: { warehouseId: o.assignedWarehouseId ?? null, courierCode: o.assignedCourierCode ?? null }, after: set } }, set);
    return { ...o, ...set };
  });
}

export function addNote(ctx: Ctx, sellerId: string, orderId: string, text: string, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    await note(ctx, o._id, { type: 'note', by, data: { text } });
    return o;
  });
}

export interface BulkResult {
  orderId: string;
  ok: boolean;
  hubStatus?: HubStatus;
  error?: { code: string; message: string };
}

/** Runs one CS action on many orders; each order succeeds or fails on its own (no all-or-nothing). */
export async function bulk(orderIds: readonly string[], run: (orderId: string) => Promise<OrderDoc>): Promise<BulkResult[]> {
  const out: BulkResult[] = [];
  for (const orderId of orderIds) {
    try {
      const o = await run(orderId);
      out.push({ orderId, ok: true, hubStatus: o.hubStatus });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ orderId, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return out;
}
