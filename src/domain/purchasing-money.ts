/**
 * Money in purchasing is carried in the API as a decimal string ("12.50", like the rest of the hub) and
 * stored as integer minor units (cents). One amount given to the API is at most MAX_AMOUNT_MINOR, a safe
 * integer; every product and sum (line amount = quantity × unit price, PO and supplier totals) is computed
 * in BigInt, so any total the schema limits allow prints as an exact decimal string (never "1.99e+21").
 */
export const MAX_AMOUNT_MINOR = 999_999_999_999;
/** At most 10 integer digits and 2 decimals: 9999999999.99 = MAX_AMOUNT_MINOR minor units. */
export const moneyPattern = /^\d{1,10}(\.\d{1,2})?$/;

export function toMinor(amount: string): number {
  if (!moneyPattern.test(amount)) throw new RangeError(`not a money amount: ${amount}`);
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Minor units as a decimal string, exact for any bigint and for any safe-integer number. */
export function fromMinor(minor: number | bigint): string {
  const big = typeof minor === 'bigint' ? minor : BigInt(Math.round(minor));
  const neg = big < 0n;
  const digits = (neg ? -big : big).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** quantity × unit price, exact. */
export const lineAmountMinor = (quantity: number, unitPriceMinor: number): bigint => BigInt(quantity) * BigInt(unitPriceMinor);

export const sumMinor = (values: Iterable<bigint>): bigint => {
  let s = 0n;
  for (const v of values) s += v;
  return s;
};

/** ISO 4217 code, upper case. */
export const currencyPattern = /^[A-Z]{3}$/;
