import { describe, expect, it } from 'vitest';
import { parseJsonKeepingBigInts } from '../../../connectors/taobao/json.js';
import { formatTopTime, parseTopTime, topSign, topSignBase } from '../../../connectors/taobao/sign.js';
import { expectedTopSign } from '../../fakes/taobao/top-protocol.js';

const official = {
  method: 'taobao.item.seller.get', app_key: '12345678', session: 'test', timestamp: '2016-01-01 12:00:00', format: 'json', v: '2.0',
  sign_method: 'md5', fields: 'num_iid,title,nick,price,num', num_iid: '11223344',
};
const computed = {
  method: 'taobao.trades.sold.increment.get', app_key: '23456789', session: 'sess-abc', timestamp: '2024-05-01 10:00:00', format: 'json', v: '2.0',
  fields: 'tid,status,modified', start_modified: '2024-05-01 09:00:00', end_modified: '2024-05-01 09:30:00', page_no: '1', page_size: '100', use_has_next: 'true',
};

describe('TOP signing (PLATFORMS.md vectors)', () => {
  it('builds the sorted name+value string of the official example', () => {
    expect(topSignBase(official)).toBe(
      'app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0',
    );
  });

  it('signs the official md5 example', () => {
    expect(topSign(official, 'helloworld', 'md5')).toBe('66987CB115214E59E6EC978214934FB8');
    expect(expectedTopSign(official, 'helloworld')).toBe('66987CB115214E59E6EC978214934FB8');
  });

  it.each([
    ['md5', '172E3DC70428BCBCF68443978006CF29'],
    ['hmac', 'A18883370A0EF980D5DDF00C3A96E0CB'],
    ['hmac-sha256', '90C9AFB88B2BE3CB035F4C166403DD16803A41EA7310C7582BD26FF0FA345BFB'],
  ] as const)('signs the computed %s vector (sign_method is part of the signed set)', (method, sign) => {
    const params = { ...computed, sign_method: method };
    expect(topSign(params, 's3cr3t', method)).toBe(sign);
    expect(expectedTopSign(params, 's3cr3t')).toBe(sign);
  });

  it('ignores sign and empty values', () => {
    const params = { ...computed, sign_method: 'md5', sign: 'WHATEVER', buyer_nick: '' };
    expect(topSign(params, 's3cr3t', 'md5')).toBe('172E3DC70428BCBCF68443978006CF29');
  });
});

describe('TOP time and ids', () => {
  it('formats and parses timestamps in GMT+8', () => {
    expect(formatTopTime(new Date('2024-05-01T02:00:00.900Z'))).toBe('2024-05-01 10:00:00');
    expect(formatTopTime(new Date('2024-04-30T20:30:05Z'))).toBe('2024-05-01 04:30:05');
    expect(parseTopTime('2024-05-01 10:00:00').toISOString()).toBe('2024-05-01T02:00:00.000Z');
    expect(Number.isNaN(parseTopTime('2024-05-01T10:00:00').getTime())).toBe(true);
  });

  it('keeps 64-bit ids exact and leaves strings and decimals alone', () => {
    const v = parseJsonKeepingBigInts('{"tid":4123456789012345678,"n":12,"p":-1.5e3,"s":"id 9223372036854775807 \\" x","a":[9007199254740993]}');
    expect(v).toEqual({ tid: '4123456789012345678', n: 12, p: -1500, s: 'id 9223372036854775807 " x', a: ['9007199254740993'] });
  });
});
