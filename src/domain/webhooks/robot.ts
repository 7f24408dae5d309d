import type { WebhookPayload } from './catalogue.js';

export type RobotKind = 'dingtalk' | 'wecom';

const lineOf = (p: WebhookPayload): string => {
  const d = p.data;
  const id = (k: string) => (typeof d[k] === 'string' ? String(d[k]) : '');
  switch (p.type) {
    case 'order.held': return `Order ${id('orderId')} held: ${Array.isArray(d.reasons) ? d.reasons.join(', ') : ''}`;
    case 'order.intercepted': return `Order ${id('orderId')} intercepted (${id('reason')}); waybill ${id('waybillNumber') || '-'}`;
    case 'stock.low': return `Low stock: ${id('skuCode')} has ${String(d.available)} left (threshold ${String(d.threshold)})`;
    case 'shop.needs_reauth': return `Shop ${id('shopId')} needs re-authorisation: syncs are stopped`;
    case 'shop.sync_failed': return `Shop ${id('shopId')}: order sync failed`;
    case 'webhook.endpoint_disabled': return `Webhook endpoint ${id('endpointId')} disabled (${id('reason')})`;
    default: return `${p.type} ${JSON.stringify(d).slice(0, 300)}`;
  }
};

/** A short summary for a group robot (DingTalk or WeCom), as markdown; ids only, no personal data. */
export function robotBody(kind: RobotKind, p: WebhookPayload): Record<string, unknown> {
  const title = `OMS: ${p.type}`;
  const text = `**${title}**\n\n${lineOf(p)}\n\n> ${p.timestamp}`;
  return kind === 'dingtalk' ? { msgtype: 'markdown', markdown: { title, text } } : { msgtype: 'markdown', markdown: { content: text } };
}

/** DingTalk and WeCom answer HTTP 200 with `errcode` ≠ 0 when they refuse a message. */
export function robotRefusal(body: string): string | null {
  try {
    const j = JSON.parse(body) as { errcode?: unknown; errmsg?: unknown };
    return typeof j.errcode === 'number' && j.errcode !== 0 ? `errcode ${j.errcode}: ${String(j.errmsg ?? '')}` : null;
  } catch {
    return null;
  }
}
