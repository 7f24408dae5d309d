import { describe, expect, it } from 'vitest';
import { hexSignatureMatches, signPush, signRequest } from '../../../connectors/shopee/signing.js';
import { fakeSign } from '../../fakes/shopee/server.js';

// Vectors from PLATFORMS.md §4 (partner_key test_partner_key, partner_id 2000001, timestamp 1700000000).
const SHOP_VECTOR = '1a3a796027aa98a0f18e2a721e14b6b51af2ac29281b5dd9b52339dfcb88d561';
const PUBLIC_VECTOR = '302560e3b140ec521ae8cad3a51122edf1736acbb0e9207228c458655a096e10';
const PUSH_VECTOR = '29ab87cab7bb48e55107171bf35cf3ef976089e4c63ca4044efcecdd55d2fac0';
const PUSH_BODY = '{"shop_id":600000,"code":3,"timestamp":1700000000,"data":{"ordersn":"231101ABCDEF12","status":"READY_TO_SHIP","update_time":1700000000}}';

describe('shopee signing', () => {
  it('signs a Shop API call as the fact sheet vector says', () => {
    expect(signRequest('test_partner_key', 2000001, '/api/v2/order/get_order_list', 1700000000, { accessToken: 'accesstoken123', shopId: 600000 })).toBe(SHOP_VECTOR);
  });

  it('signs a public (auth) API call without token and shop id', () => {
    expect(signRequest('test_partner_key', 2000001, '/api/v2/auth/token/get', 1700000000)).toBe(PUBLIC_VECTOR);
  });

  it('the fake gateway checks with the same vectors', () => {
    expect(fakeSign('test_partner_key', '2000001/api/v2/order/get_order_list1700000000accesstoken123600000')).toBe(SHOP_VECTOR);
    expect(fakeSign('test_partner_key', '2000001/api/v2/auth/token/get1700000000')).toBe(PUBLIC_VECTOR);
  });

  it('signs a push as callback URL + "|" + body', () => {
    expect(signPush('test_partner_key', 'https://oms.example.com/hooks/shopee', PUSH_BODY)).toBe(PUSH_VECTOR);
    expect(signPush('test_partner_key', 'https://oms.example.com/hooks/shopee', Buffer.from(PUSH_BODY))).toBe(PUSH_VECTOR);
  });

  it('compares hex signatures case-insensitively and rejects junk', () => {
    expect(hexSignatureMatches(PUSH_VECTOR.toUpperCase(), PUSH_VECTOR)).toBe(true);
    expect(hexSignatureMatches(PUSH_VECTOR.slice(0, 62), PUSH_VECTOR)).toBe(false);
    expect(hexSignatureMatches('not-hex', PUSH_VECTOR)).toBe(false);
    expect(hexSignatureMatches(undefined, PUSH_VECTOR)).toBe(false);
  });
});
