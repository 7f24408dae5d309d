/**
 * Money arithmetic on decimal strings, exact to 4 places (scaled bigint), so no float rounding creeps into the
 * hub's amounts. Amazon sends "12.50" strings in Orders and JSON numbers in Finances.
 */
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

export function toScaled(value: string | number): bigint {
  const s = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) throw new Error(`not a decimal amount: ${s}`);
  const frac = (m[3] ?? '').padEnd(SCALE + 1, '0');
  let scaled = BigInt(m[2] || '0') * FACTOR + BigInt(frac.slice(0, SCALE));
  if (Number(frac[SCALE]) >= 5) scaled += 1n;
  return m[1] ? -scaled : scaled;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite amount: ${n}`);
  return n.toFixed(SCALE + 1);
}

/** Formats with at least 2 decimals and no trailing zeros beyond them ("12.5000" → "12.50", "0.1250" → "0.125"). */
export function fromScaled(v: bigint): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const int = abs / FACTOR;
  let frac = (abs % FACTOR).toString().padStart(SCALE, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${int}.${frac}`;
}

export const sumMoney = (values: (string | number | undefined)[]): string =>
  fromScaled(values.reduce<bigint>((acc, v) => (v === undefined ? acc : acc + toScaled(v)), 0n));

/** value / divisor rounded half-up at 4 places. */
export function divideMoney(value: string, divisor: number): string {
  if (!Number.isInteger(divisor) || divisor <= 0) throw new Error(`bad divisor ${divisor}`);
  const v = toScaled(value);
  const d = BigInt(divisor);
  const q = v / d;
  const r = v % d;
  const abs = r < 0n ? -r : r;
  return fromScaled(abs * 2n >= d ? q + (v < 0n ? -1n : 1n) : q);
}
