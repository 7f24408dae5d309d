/**
 * Money in purchasing is carried in the API as a decimal string ("12.50", like the rest of the hub) and
 * stored and summed as integer minor units (cents), so no float rounding creeps into payables.
 */
export const moneyPattern = /^\d{1,12}(\.\d{1,2})?$/;

export function toMinor(amount: string): number {
  if (!moneyPattern.test(amount)) throw new RangeError(`not a money amount: ${amount}`);
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO 4217 code, upper case. */
export const currencyPattern = /^[A-Z]{3}$/;
