import type { Ctx } from '../../context.js';
import type { MergeSettingsDoc } from '../../db/models/merge-settings.model.js';
import type { PipelineBatch } from '../pipeline/batch.js';

export type MergeSplitSettings = Pick<MergeSettingsDoc, 'merge' | 'split'>;

/** Merging is opt-in (a seller turns it on); splitting applies only when no single warehouse fills an order. */
export const defaultSettings: MergeSplitSettings = {
  merge: { enabled: false, scope: 'shop', windowMinutes: 24 * 60 },
  split: { byWarehouse: true, byPresale: true, maxParcelWeight: null, allowPartial: false },
};

export interface SettingsPatch {
  merge?: Partial<MergeSplitSettings['merge']>;
  split?: Partial<MergeSplitSettings['split']>;
}

function withDefaults(doc: Partial<MergeSplitSettings> | null | undefined): MergeSplitSettings {
  return { merge: { ...defaultSettings.merge, ...(doc?.merge ?? {}) }, split: { ...defaultSettings.split, ...(doc?.split ?? {}) } };
}

export async function getSettings(ctx: Ctx, sellerId: string): Promise<MergeSplitSettings> {
  return withDefaults(await ctx.models.MergeSettings.findById(sellerId).lean());
}

/** Changes some settings; concurrent changes of one seller's settings are serialized. */
export async function updateSettings(ctx: Ctx, sellerId: string, patch: SettingsPatch): Promise<MergeSplitSettings> {
  return ctx.locks.withLock(`merge-settings:${sellerId}`, async () => {
    const now = await getSettings(ctx, sellerId);
    const next: MergeSplitSettings = { merge: { ...now.merge, ...(patch.merge ?? {}) }, split: { ...now.split, ...(patch.split ?? {}) } };
    await ctx.models.MergeSettings.updateOne({ _id: sellerId }, { $set: { merge: next.merge, split: next.split } }, { upsert: true });
    ctx.log.info({ sellerId, settings: next }, 'merge/split settings changed');
    return next;
  });
}

const perBatch = new WeakMap<PipelineBatch, Promise<MergeSplitSettings>>();

/** The seller's settings, read once per pipeline batch. */
export function settingsFor(ctx: Ctx, batch: PipelineBatch): Promise<MergeSplitSettings> {
  let p = perBatch.get(batch);
  if (!p) perBatch.set(batch, (p = getSettings(ctx, batch.sellerId)));
  return p;
}
