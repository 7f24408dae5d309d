/**
 * JSON.parse that keeps integers too big for a double (Taobao tids, refund ids, Pinduoduo goods ids are
 * 64-bit) as their decimal string instead of silently rounding them. Strings are left untouched.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const lit = m?.[0] ?? ch;
      const isBigInt = !m?.[1] && !m?.[2] && !Number.isSafeInteger(Number(lit));
      out += isBigInt ? `"${lit}"` : lit;
      i += lit.length;
      continue;
    }
    out += ch;
    i++;
  }
  return JSON.parse(out);
}
