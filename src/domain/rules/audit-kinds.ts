import type { NormalizedAddress, PlatformOrderState } from '../../../connectors/types.js';
import type { HoldReasonCode, OrderLine } from '../order.js';
import { coversDestination } from './destination.js';
import { fullMatch } from './safe-pattern.js';
import type { AuditKind, RuleParams } from './schemas.js';

/** What an audit rule sees of an order (all loaded beforehand: evaluation does no IO). */
export interface AuditSubject {
  id: string;
  shopId: string;
  platformState: PlatformOrderState;
  platformCreatedAt: Date;
  currency: string;
  total: string;
  buyer: { platformBuyerId?: string; name?: string; email?: string; phone?: string };
  address?: NormalizedAddress;
  remarks?: { buyer?: string; seller?: string };
  flags?: { cod?: boolean; presale?: boolean; risk?: string[] };
  /** Lines after combo expansion. */
  lines: readonly OrderLine[];
}

export interface AuditEnv {
  now: Date;
  /** The earlier order with the same buyer and lines (null: none; undefined: not loaded, the rule is skipped). */
  twin?: { orderId: string; at: Date } | null;
  /** Whether some courier serves the address (for address_valid with courierCoverage). */
  courierCovers?: (address: NormalizedAddress | undefined) => boolean;
}

export interface KindOutcome {
  outcome: 'pass' | 'hold' | 'skip';
  detail?: string;
  recheckAt?: Date;
}

export const kindCodes: Record<AuditKind, HoldReasonCode> = {
  address_valid: 'ADDRESS_INVALID', blacklist: 'BLACKLISTED', amount_over: 'AMOUNT_OVER_THRESHOLD', remark_present: 'REMARK_PRESENT',
  presale: 'PRESALE', hold_until: 'HOLD_UNTIL', cod: 'COD_REVIEW', duplicate: 'SUSPECTED_DUPLICATE', risk_flags: 'PLATFORM_RISK',
};

/** Kinds whose hold clears by itself at a date (the order is re-run then). */
export const autoClearingKinds: ReadonlySet<AuditKind> = new Set(['presale', 'hold_until']);
/** Kinds a customer-service release overrides on the next run; address rules are re-checked (CS fixes the address). */
export const acknowledgeableKinds: ReadonlySet<AuditKind> = new Set(['blacklist', 'amount_over', 'remark_present', 'presale', 'hold_until', 'cod', 'duplicate', 'risk_flags']);

/** Cents of a decimal string, or undefined when it is not a number. */
export function cents(amount: string | undefined): number | undefined {
  const n = Number(amount);
  return amount === undefined || amount.trim() === '' || !Number.isFinite(n) ? undefined : Math.round(n * 100);
}

const low = (s: string | undefined) => (s ?? '').trim().toLowerCase();
const digits = (s: string | undefined) => (s ?? '').replace(/\D+/g, '');
const hold = (detail?: string, recheckAt?: Date): KindOutcome => ({ outcome: 'hold', detail, recheckAt });
const pass = (detail?: string): KindOutcome => ({ outcome: 'pass', detail });

type Evaluators = { [K in AuditKind]: (p: RuleParams<K>, o: AuditSubject, env: AuditEnv) => KindOutcome };

export const evaluators: Evaluators = {
  address_valid(p, o, env) {
    const a = o.address;
    const problems: string[] = [];
    const missing = (p.requiredParts ?? []).filter((part) => !a?.[part]?.trim());
    if (missing.length) problems.push(`missing ${missing.join(', ')}`);
    if (!coversDestination(p, a)) problems.push(`destination ${[a?.country, a?.region, a?.postalCode].filter(Boolean).join('/') || '?'} not served`);
    const pattern = a?.country ? p.postalCodePatterns?.[a.country.toUpperCase()] : undefined;
    // Linear-time matcher (RE2): a seller's pattern cannot stall the process; a stored pattern RE2 cannot compile is skipped.
    if (pattern && fullMatch(pattern, (a?.postalCode ?? '').trim()) === false) problems.push(`postal code ${a?.postalCode ?? '(none)'} not valid for ${a?.country}`);
    if (p.courierCoverage && env.courierCovers && !env.courierCovers(a)) problems.push('no courier serves the destination');
    return problems.length ? hold(problems.join('; ')) : pass();
  },
  blacklist(p, o) {
    const a = o.address;
    if (o.buyer.platformBuyerId && p.buyerIds?.includes(o.buyer.platformBuyerId)) return hold('buyer id');
    if (o.buyer.email && p.emails?.some((e) => low(e) === low(o.buyer.email))) return hold('email');
    const phones = [digits(o.buyer.phone), digits(a?.phone)].filter((d) => d.length > 0);
    if (p.phones?.some((ph) => phones.includes(digits(ph)))) return hold('phone');
    const names = [low(o.buyer.name), low(a?.name)].filter((n) => n.length > 0);
    if (p.names?.some((n) => names.includes(low(n)))) return hold('name');
    const text = low([a?.line1, a?.line2, a?.city, a?.region, a?.postalCode].filter(Boolean).join(' '));
    const kw = p.addressKeywords?.find((k) => low(k) !== '' && text.includes(low(k)));
    return kw ? hold(`address contains "${kw}"`) : pass();
  },
  amount_over(p, o) {
    if (p.currency && p.currency !== o.currency) return { outcome: 'skip', detail: `order currency ${o.currency}` };
    const total = cents(o.total);
    if (total === undefined) return { outcome: 'skip', detail: 'order total is not a number' };
    return total > cents(p.threshold)! ? hold(`${o.total} ${o.currency} > ${p.threshold}`) : pass();
  },
  remark_present(p, o) {
    const which = [p.buyer && o.remarks?.buyer?.trim() ? 'buyer' : '', p.seller && o.remarks?.seller?.trim() ? 'seller' : ''].filter(Boolean);
    return which.length ? hold(`${which.join(' and ')} remark`) : pass();
  },
  presale(p, o, env) {
    const skus = new Set(p.skuCodes ?? []);
    const presaleLines = o.lines.filter((l) => l.skuCode && skus.has(l.skuCode) && l.quantity > l.refundedQuantity);
    if (!o.flags?.presale && presaleLines.length === 0) return pass();
    if (p.releaseAt && env.now >= p.releaseAt) return pass(`released ${p.releaseAt.toISOString()}`);
    const what = o.flags?.presale ? 'flagged presale by the platform' : `presale lines ${presaleLines.map((l) => l.skuCode).join(', ')}`;
    return hold(p.releaseAt ? `${what} until ${p.releaseAt.toISOString()}` : what, p.releaseAt);
  },
  hold_until(p, o, env) {
    const dates = [p.until, p.delayMinutes ? new Date(o.platformCreatedAt.getTime() + p.delayMinutes * 60_000) : undefined].filter((d): d is Date => !!d);
    const until = new Date(Math.max(...dates.map((d) => d.getTime())));
    return env.now >= until ? pass(`passed ${until.toISOString()}`) : hold(`until ${until.toISOString()}`, until);
  },
  cod(p, o) {
    if (!o.flags?.cod) return pass();
    if (p.maxAmount !== undefined && (cents(o.total) ?? Infinity) <= cents(p.maxAmount)!) return pass(`COD within ${p.maxAmount}`);
    return hold(p.maxAmount ? `COD ${o.total} > ${p.maxAmount}` : 'cash on delivery');
  },
  duplicate(p, o, env) {
    if (env.twin === undefined) return { outcome: 'skip', detail: 'fingerprints not loaded for this run' };
    if (!env.twin || env.twin.orderId === o.id) return pass();
    const apart = Math.abs(o.platformCreatedAt.getTime() - env.twin.at.getTime());
    return apart <= p.windowMinutes * 60_000 ? hold(`same buyer and lines as ${env.twin.orderId}`) : pass();
  },
  risk_flags(p, o) {
    const flags = (o.flags?.risk ?? []).filter((f) => !p.flags?.length || p.flags.includes(f));
    return flags.length ? hold(flags.join(', ')) : pass();
  },
};
