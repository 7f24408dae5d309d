/**
 * Shopify ids are 64-bit. GraphQL carries them as GID strings (`gid://shopify/Order/450789469`); the hub keeps
 * the numeric tail as a string (the same id the REST webhook payloads carry), so nothing is ever a JS number.
 */
export type GidKind = 'Order' | 'LineItem' | 'ProductVariant' | 'Product' | 'InventoryItem' | 'Location' | 'Fulfillment' | 'FulfillmentOrder' | 'Refund';

export function gid(kind: GidKind, id: string): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${kind}/${id}`;
}

/** `gid://shopify/Order/450789469` → `450789469` (query strings such as `?key=…` are dropped). */
export function legacyId(globalId: string): string {
  const tail = globalId.slice(globalId.lastIndexOf('/') + 1);
  const q = tail.indexOf('?');
  return q === -1 ? tail : tail.slice(0, q);
}

/**
 * JSON.parse that keeps integers beyond 2^53 exact by turning them into strings first (REST webhook bodies
 * carry ids such as 820982911946154508 as bare numbers). Only number tokens outside strings are touched.
 */
export function parseJsonLossless(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j]!)) j++;
      const tok = text.slice(i, j);
      out += /^-?\d+$/.test(tok) && !Number.isSafeInteger(Number(tok)) ? `"${tok}"` : tok;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return JSON.parse(out);
}
