import { z } from 'zod';
import type { SpApiClient } from './client.js';

const rdtSchema = z.looseObject({ restrictedDataToken: z.string().min(1), expiresIn: z.number().positive() });
const MARGIN_MS = 60_000;

/**
 * Restricted Data Token (Tokens API 2021-03-01) for getOrders with buyer info and shipping address: without it
 * Amazon leaves the name, street and phone out of the order. Cached per connector instance until shortly before expiry.
 */
export class RestrictedTokens {
  private cached?: { token: string; expiresAt: number };

  constructor(private readonly client: SpApiClient, private readonly now: () => Date) {}

  async forOrders(): Promise<string> {
    if (this.cached && this.cached.expiresAt - MARGIN_MS > this.now().getTime()) return this.cached.token;
    const r = await this.client.call('createRestrictedDataToken', {
      method: 'POST',
      path: '/tokens/2021-03-01/restrictedDataToken',
      body: { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] }] },
    }, rdtSchema);
    this.cached = { token: r.restrictedDataToken, expiresAt: this.now().getTime() + r.expiresIn * 1000 };
    return r.restrictedDataToken;
  }
}
