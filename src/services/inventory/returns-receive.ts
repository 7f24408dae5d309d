import type { Ctx } from '../../context.js';
import type { TicketDoc } from '../../db/models/inventory-ticket.model.js';
import { applyInspection, defectiveSku, nextStatus } from '../../domain/inventory-aftersales.js';
import { movementDeltas } from '../../domain/stock.js';
import { AppError, notFound } from '../../errors.js';
import { appendEvents } from '../events.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { warehouseByCode, withDocLock } from './common.js';
import { loadTicket } from './tickets.js';

/** The ticket a returned parcel belongs to, found by the scanned ticket id or return tracking number. */
export async function findReturn(ctx: Ctx, sellerId: string, code: string): Promise<TicketDoc> {
  const t = await ctx.models.InventoryTicket.findOne({ sellerId, $or: [{ _id: code }, { returnTrackingNumber: code }] }).sort({ createdAt: -1 }).lean<TicketDoc>();
  if (!t) throw notFound('return for', code);
  return t;
}

export interface InspectionInput {
  warehouseCode: string;
  lines: { lineId: string; sellable: number; damaged: number }[];
}

/**
 * Receives a return parcel and records its inspection: sellable units go back to stock (return_in),
 * damaged ones to the warehouse's defective location (a separate level, never sold), and units not in
 * the parcel are flagged missing on the ticket. The ledger keys are unique per ticket and line, so a
 * retry after a crash completes the same postings.
 */
export async function receiveReturn(ctx: Ctx, sellerId: string, id: string, by: string, input: InspectionInput): Promise<TicketDoc> {
  const w = await warehouseByCode(ctx, sellerId, input.warehouseCode);
  return withDocLock(ctx, `ticket:${id}`, async () => {
    const t = await loadTicket(ctx, sellerId, id);
    if (t.status !== 'awaiting_return') throw new AppError('INVENTORY_INVALID_STATE', `ticket ${id} is ${t.status}: no return parcel is expected`);
    const check = applyInspection(t.lines, input.lines);
    if (!check.ok) throw new AppError('VALIDATION_FAILED', check.message);
    for (const l of check.lines) {
      if (l.sellable > 0) {
        await ctx.ledger.apply({ sellerId, warehouseId: w._id, skuCode: l.skuCode, type: 'return_in', delta: movementDeltas.adjust(l.sellable), key: `return:${id}:${l.lineId}:sellable`, reference: { kind: 'ticket', id }, reason: 'return inspected sellable' });
      }
      if (l.damaged > 0) {
        await ctx.ledger.apply({ sellerId, warehouseId: w._id, skuCode: defectiveSku(l.skuCode), type: 'defective_in', delta: movementDeltas.adjust(l.damaged), key: `return:${id}:${l.lineId}:damaged`, reference: { kind: 'ticket', id }, reason: 'return inspected damaged' });
      }
    }
    const now = ctx.now();
    const flags = check.missing > 0 ? [...new Set([...t.flags, 'missing_items'])] : t.flags;
    const status = nextStatus(t.type, { received: true, replacement: Boolean(t.replacementOrderId) });
    const receipt = { warehouseId: w._id, by, at: now, missing: check.missing };
    const entry = { at: now, type: 'return.received', by, data: { warehouse: w.code, missing: check.missing } };
    await ctx.models.InventoryTicket.updateOne({ _id: id }, { $set: { lines: check.lines, flags, status, receipt, updatedAt: now }, $push: { timeline: entry } });
    const events = [{ _id: `aftersales.return_received:${id}`, sellerId, type: 'aftersales.return_received', subject: { kind: 'ticket', id }, data: { lines: check.lines, by } }];
    if (check.missing > 0) events.push({ _id: `aftersales.items_missing:${id}`, sellerId, type: 'aftersales.items_missing', subject: { kind: 'ticket', id }, data: { lines: check.lines.filter((l) => l.missing > 0), by } });
    await appendEvents(ctx.models, events, now);
    const restocked = check.lines.filter((l) => l.sellable > 0).map((l) => l.skuCode);
    await markStockDirty(ctx, sellerId, restocked);
    await evaluateAlerts(ctx, sellerId, restocked);
    ctx.log.info({ ticketId: id, missing: check.missing }, 'return received');
    return { ...t, lines: check.lines, flags, status, receipt, timeline: [...t.timeline, entry], updatedAt: now };
  });
}
