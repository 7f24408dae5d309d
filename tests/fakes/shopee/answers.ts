import type { FakeShopeeState } from './state.js';

export interface Req {
  query: Record<string, string>;
  body: Record<string, unknown>;
  state: FakeShopeeState;
}
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}
export type Route = (r: Req) => Answer;

export const ok = (response?: unknown): Answer => ({ status: 200, body: response === undefined ? {} : { response } });
export const fail = (status: number, error: string, message: string): Answer => ({ status, body: { error, message, request_id: 'fakeerr' } });
