/** Purchase order lifecycle: a transition table and pure guards (no IO). */
export const poStatuses = ['draft', 'approved', 'partially_received', 'received', 'closed', 'cancelled'] as const;
export type PoStatus = (typeof poStatuses)[number];

export type PoAction = 'approve' | 'receive' | 'close' | 'cancel' | 'edit';

/** Which actions each status allows. `receive` moves approved/partially_received forward. */
const allowed: Record<PoStatus, readonly PoAction[]> = {
  draft: ['approve', 'cancel', 'edit'],
  approved: ['receive', 'close', 'cancel'],
  partially_received: ['receive', 'close'],
  received: ['receive', 'close'],
  closed: [],
  cancelled: [],
};

export function canDo(status: PoStatus, action: PoAction): boolean {
  return allowed[status].includes(action);
}

/**
 * The status after a receipt: received once every line's accepted quantity reaches what was ordered
 * (rejected goods do not fulfil a line); partially received as soon as anything arrived.
 */
export function statusAfterReceipt(lines: readonly { quantity: number; acceptedQty: number; rejectedQty: number }[]): PoStatus {
  const anyReceived = lines.some((l) => l.acceptedQty + l.rejectedQty > 0);
  const allReceived = lines.every((l) => l.acceptedQty >= l.quantity);
  if (allReceived) return 'received';
  return anyReceived ? 'partially_received' : 'approved';
}

/** Every status must be reachable from draft, checked once at import (fails fast on a broken table). */
function reachable(): Set<PoStatus> {
  const seen = new Set<PoStatus>(['draft']);
  const next: Record<PoAction, PoStatus[]> = {
    approve: ['approved'],
    receive: ['partially_received', 'received'],
    close: ['closed'],
    cancel: ['cancelled'],
    edit: [],
  };
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of [...seen]) {
      for (const a of allowed[s]) {
        for (const t of next[a]) if (!seen.has(t)) (seen.add(t), (grew = true));
      }
    }
  }
  return seen;
}

const unreachable = poStatuses.filter((s) => !reachable().has(s));
if (unreachable.length > 0) throw new Error(`purchase order statuses unreachable: ${unreachable.join(', ')}`);
