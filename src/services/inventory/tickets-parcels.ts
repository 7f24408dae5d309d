import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { parcelsOf, shippedForAfterSales, type FamilyMember, type TicketParcel } from '../../domain/aftersales-parcels.js';

const familyFields = { hubStatus: 1, lines: 1, shipments: 1, children: 1, mergedInto: 1, mergeSources: 1, splitFrom: 1 } as const;
type Member = FamilyMember & Pick<OrderDoc, 'children' | 'mergedInto' | 'mergeSources' | 'splitFrom'>;

/** The order, its split descendants, its master (合单) and the master's descendants: every order that may carry its lines. */
export async function loadFamily(ctx: Ctx, o: Member): Promise<Member[]> {
  const out: Member[] = [o];
  const seen = new Set([o._id]);
  const queue = [...(o.children ?? []), ...(o.mergedInto ? [o.mergedInto] : [])];
  while (queue.length > 0 && out.length < 200) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    // By `_id` one at a time: FerretDB 1.x pushes down only `{_id: v}`.
    const m = await ctx.models.Order.findById(id, familyFields).lean<Member>();
    if (!m) continue;
    out.push(m);
    queue.push(...(m.children ?? []));
  }
  return out;
}

const plainShipped = (o: Pick<OrderDoc, 'hubStatus'>) => o.hubStatus === 'shipped' || o.hubStatus === 'completed';

/** Whether a refund or return on this order comes after shipment (for a split or merged order: all its parcels shipped). */
export async function shippedAfterSales(ctx: Ctx, o: OrderDoc): Promise<boolean> {
  if (o.hubStatus !== 'split' && o.hubStatus !== 'merged') return plainShipped(o);
  return shippedForAfterSales(o._id, await loadFamily(ctx, o));
}

export async function parcelsFor(ctx: Ctx, o: Member): Promise<TicketParcel[]> {
  return parcelsOf(o._id, await loadFamily(ctx, o));
}

/**
 * The order a platform refund's ticket belongs to, given the order the refund reached (the platform order,
 * or a split child or a master it was passed on to): the platform order whose lines the refund names.
 */
export async function refundRoot(ctx: Ctx, sellerId: string, orderId: string, lines?: readonly { lineId: string }[]): Promise<string> {
  let id = orderId;
  for (let hops = 0; hops < 10; hops++) {
    const o = await ctx.models.Order.findOne({ _id: id, sellerId }, { splitFrom: 1, mergeSources: 1, lines: 1 }).lean<OrderDoc>();
    if (!o) return id;
    if (o.splitFrom) {
      id = o.splitFrom;
      continue;
    }
    if (!o.mergeSources?.length) return id;
    // A master: the refund names lines of one of its originals (the master's lines remember their source).
    const named = new Set((lines ?? []).map((l) => l.lineId));
    const sources = new Set(o.lines.filter((l) => l.source && (named.size === 0 || named.has(l.source.lineId))).map((l) => l.source!.orderId));
    return sources.size === 1 ? [...sources][0]! : id;
  }
  return id;
}
