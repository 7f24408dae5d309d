import type { Ctx } from '../../context.js';
import type { PoLine } from '../../db/models/purchasing-order.model.js';
import { supplierPriceId } from '../../db/models/purchasing-supplier-price.model.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import { AppError } from '../../errors.js';
import { requireSkus, warehouseIds } from './common.js';

export interface PoLineInput {
  skuCode: string;
  spec?: string;
  quantity: number;
  /** Defaults to the supplier's quoted price for the SKU. */
  unitPriceMinor?: number;
  expectedDate?: Date;
  warehouseCode?: string;
}

const DAY_MS = 86_400_000;
const startOfDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

/**
 * Checks and prices PO lines (known SKUs and warehouses, a price given or quoted by the supplier) without
 * writing anything; expected dates default to today + the supplier's lead time.
 */
export async function buildPoLines(
  ctx: Ctx, sellerId: string, supplier: SupplierDoc, input: { lines: readonly PoLineInput[]; warehouseCode?: string; expectedDate?: Date },
): Promise<PoLine[]> {
  await requireSkus(ctx, sellerId, input.lines.map((l) => l.skuCode));
  const whCodes = input.lines.map((l) => l.warehouseCode ?? input.warehouseCode);
  if (whCodes.some((c) => !c)) throw new AppError('VALIDATION_FAILED', 'every line needs a destination warehouse (warehouseCode on the PO or the line)');
  const whIds = await warehouseIds(ctx, sellerId, whCodes as string[]);
  const quotes = new Map(
    (await ctx.models.SupplierPrice.find({ _id: { $in: input.lines.map((l) => supplierPriceId(supplier._id, l.skuCode)) } }).lean())
      .map((p) => [p.skuCode, p.unitPriceMinor]),
  );
  const unpriced = input.lines.filter((l) => l.unitPriceMinor === undefined && !quotes.has(l.skuCode)).map((l) => l.skuCode);
  if (unpriced.length > 0) {
    throw new AppError('VALIDATION_FAILED', `no unit price given and supplier ${supplier.code} has no quote for: ${unpriced.join(', ')}`, { skuCodes: unpriced });
  }
  const defaultExpected = input.expectedDate ?? startOfDay(new Date(ctx.now().getTime() + supplier.leadTimeDays * DAY_MS));
  return input.lines.map((l, i) => ({
    lineId: `L${i + 1}`,
    skuCode: l.skuCode,
    ...(l.spec ? { spec: l.spec } : {}),
    quantity: l.quantity,
    unitPriceMinor: l.unitPriceMinor ?? quotes.get(l.skuCode)!,
    quotedPriceMinor: quotes.get(l.skuCode) ?? null,
    expectedDate: l.expectedDate ?? defaultExpected,
    warehouseId: whIds.get((l.warehouseCode ?? input.warehouseCode)!)!,
    acceptedQty: 0, rejectedQty: 0, returnedQty: 0,
  }));
}
