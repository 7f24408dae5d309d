import { describe, expect, it } from 'vitest';
import { pddSign } from '../../../connectors/pinduoduo/sign.js';
import { expectedPddSign } from '../../fakes/pinduoduo/protocol.js';

describe('Pinduoduo signing (PLATFORMS.md vectors)', () => {
  it('signs the official example', () => {
    const params = {
      access_token: 'asd78172s8ds9a921j9qqwda12312w1w21211', client_id: '1', data_type: 'XML', order_status: '1', page: '1', page_size: '10',
      timestamp: '1480411125', type: 'pdd.order.number.list.get',
    };
    expect(pddSign(params, 'testSecret')).toBe('E4DE3ED21002510DED352819E7AE6775');
    expect(expectedPddSign(params, 'testSecret')).toBe('E4DE3ED21002510DED352819E7AE6775');
  });

  it('signs the computed increment.get example, ignoring an existing sign', () => {
    const params = {
      type: 'pdd.order.number.list.increment.get', client_id: 'cid001', access_token: 'tok001', timestamp: '1700000000', data_type: 'JSON',
      is_lucky_flag: '0', order_status: '5', refund_status: '5', start_updated_at: '1699998200', end_updated_at: '1700000000', page: '1',
      page_size: '100', use_has_next: 'true', sign: 'STALE',
    };
    expect(pddSign(params, 'pddSecret')).toBe('33DA8EAD75274DEAA7F1226968F315B1');
    expect(expectedPddSign(params, 'pddSecret')).toBe('33DA8EAD75274DEAA7F1226968F315B1');
  });
});
