import { z } from 'zod';
import { moneyPattern } from '../purchasing-money.js';
import { patternProblem } from './safe-pattern.js';

/**
 * Rule parameters per kind, validated on every write (API and dry-run proposals). Audit kinds hold an order
 * with a stable reason code; matching kinds steer warehouse and courier choice.
 */
const money = z.string().regex(moneyPattern, 'a decimal amount like 12.50');
const codes = z.array(z.string().trim().min(1).max(100)).max(500);
const addressParts = z.enum(['name', 'phone', 'line1', 'line2', 'city', 'region', 'postalCode', 'country']);

/** Where a parcel goes: empty or absent lists match everywhere. */
export const destinationParams = {
  countries: z.array(z.string().trim().toUpperCase().length(2)).max(300).optional(),
  regions: codes.optional(),
  postalPrefixes: codes.optional(),
};

export const ruleParamSchemas = {
  address_valid: z.object({
    requiredParts: z.array(addressParts).max(8).optional(),
    ...destinationParams,
    postalCodePatterns: z.record(z.string().length(2), z.string().max(200).superRefine((v, c) => {
      const problem = patternProblem(v);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    })).optional(),
    courierCoverage: z.boolean().optional(),
  }).strict(),
  blacklist: z.object({
    buyerIds: codes.optional(), emails: codes.optional(), phones: codes.optional(), names: codes.optional(), addressKeywords: codes.optional(),
  }).strict().refine((p) => Object.values(p).some((v) => v && v.length > 0), 'at least one list must be non-empty'),
  amount_over: z.object({ threshold: money, currency: z.string().regex(/^[A-Z]{3}$/).optional() }).strict(),
  remark_present: z.object({ buyer: z.boolean().default(true), seller: z.boolean().default(true) }).strict(),
  presale: z.object({ skuCodes: codes.optional(), releaseAt: z.coerce.date().optional() }).strict(),
  hold_until: z.object({ until: z.coerce.date().optional(), delayMinutes: z.number().int().min(1).max(525_600).optional() }).strict()
    .refine((p) => p.until !== undefined || p.delayMinutes !== undefined, 'until or delayMinutes is required'),
  cod: z.object({ maxAmount: money.optional() }).strict(),
  duplicate: z.object({ windowMinutes: z.number().int().min(1).max(43_200) }).strict(),
  risk_flags: z.object({ flags: codes.optional() }).strict(),
  warehouse: z.object({ warehouseCode: z.string().trim().min(1).max(100), ...destinationParams }).strict(),
  warehouse_set: z.object({ warehouseCodes: codes.min(1) }).strict(),
  courier: z.object({
    courierCode: z.string().trim().min(1).max(100),
    ...destinationParams,
    minWeightGrams: z.number().int().min(0).optional(),
    maxWeightGrams: z.number().int().min(0).optional(),
    minAmount: money.optional(),
    maxAmount: money.optional(),
    cod: z.boolean().optional(),
    warehouseCodes: codes.optional(),
    /** Price by weight band: the first band whose maxGrams covers the parcel; beyond the last band the courier is not eligible. */
    rates: z.array(z.object({ maxGrams: z.number().int().min(1), price: money }).strict()).max(50).optional(),
    fallback: z.boolean().optional(),
  }).strict(),
} as const;

export type RuleKind = keyof typeof ruleParamSchemas;
export const ruleKinds = Object.keys(ruleParamSchemas) as RuleKind[];
export type RuleParams<K extends RuleKind> = z.output<(typeof ruleParamSchemas)[K]>;

export const auditKinds = ['address_valid', 'blacklist', 'amount_over', 'remark_present', 'presale', 'hold_until', 'cod', 'duplicate', 'risk_flags'] as const satisfies readonly RuleKind[];
export type AuditKind = (typeof auditKinds)[number];
export const isAuditKind = (k: RuleKind): k is AuditKind => (auditKinds as readonly string[]).includes(k);

/** Parses a kind's params; throws a ZodError naming what is wrong. */
export function parseRuleParams<K extends RuleKind>(kind: K, params: unknown): RuleParams<K> {
  return ruleParamSchemas[kind].parse(params ?? {}) as RuleParams<K>;
}
