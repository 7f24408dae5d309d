/** Decimal-string money helpers in fen (1/100 yuan) so no float rounding creeps into the hub's amounts. */
export function toFen(s: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a 2-decimal amount: ${s}`);
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

export function fenToYuan(fen: bigint | number): string {
  const f = BigInt(fen);
  const abs = f < 0n ? -f : f;
  return `${f < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function normalizeYuan(s: string): string {
  return fenToYuan(toFen(s));
}
