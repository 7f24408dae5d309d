import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currencyPattern, moneyPattern } from '../../domain/purchasing-money.js';
import { paymentTermTypes } from '../../domain/purchasing-payables.js';
import { AppError } from '../../errors.js';
import { sellerOf } from '../auth.js';

/** Shared request pieces of the purchasing routes (no routes here). */
export const idParams = z.object({ id: z.string().min(1).max(100) });
export const money = z.string().regex(moneyPattern, 'a decimal amount like "12.50" (at most 2 decimals)');
export const currency = z.string().regex(currencyPattern, 'an ISO 4217 code like "USD"');
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2025-01-31');
export const quantity = z.number().int().min(0).max(10_000_000);
export const positiveQuantity = z.number().int().min(1).max(10_000_000);
export const idempotencyKey = z.string().min(1).max(200);
export const paymentTerms = z.object({ type: z.enum(paymentTermTypes), days: z.number().int().min(0).max(365).default(0) }).strict();
export const tolerance = z.number().min(0).max(1);
export const listLimit = z.coerce.number().int().min(1).max(200).default(50);

/** Parses a YYYY-MM-DD into midnight UTC; refuses impossible dates such as 2025-02-30. */
export function parseDay(s: string | undefined, field: string): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new AppError('VALIDATION_FAILED', `${field} is not a valid date: ${s}`);
  return d;
}

/** Who acts: the operator named in X-Actor (e.g. a clerk's login), else the seller's API key. */
export function actorOf(req: FastifyRequest): string {
  const seller = sellerOf(req);
  const named = req.headers['x-actor'];
  if (typeof named === 'string' && /^[\w.@:-]{1,100}$/.test(named)) return `user:${named}`;
  return `api:${seller._id}`;
}
