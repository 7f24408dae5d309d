/** Realistic WooCommerce REST v3 payloads (shapes from the v3 order/refund schemas; values invented). */
export type WcJson = Record<string, unknown>;

export const gmt = (d: Date) => d.toISOString().slice(0, 19);
/** The fake site's local time zone is UTC+2, so local and GMT dates differ as on a real site. */
export const local = (d: Date) => gmt(new Date(d.getTime() + 2 * 3600_000));

export function makeOrder(id: number, modified: Date, over: WcJson = {}): WcJson {
  const created = new Date(modified.getTime() - 3600_000);
  return {
    id,
    parent_id: 0,
    number: String(id),
    order_key: `wc_order_${id.toString(36)}x`,
    created_via: 'checkout',
    version: '9.4.2',
    status: 'processing',
    currency: 'EUR',
    date_created: local(created),
    date_created_gmt: gmt(created),
    date_modified: local(modified),
    date_modified_gmt: gmt(modified),
    discount_total: '5.00',
    discount_tax: '0.00',
    shipping_total: '4.90',
    shipping_tax: '0.00',
    cart_tax: '3.97',
    total: '29.35',
    total_tax: '3.97',
    prices_include_tax: false,
    customer_id: 17,
    customer_ip_address: '203.0.113.9',
    customer_user_agent: 'Mozilla/5.0',
    customer_note: 'Please leave at the door',
    billing: {
      first_name: 'Anna', last_name: 'Schmidt', company: '', address_1: 'Hauptstr. 5', address_2: '', city: 'Berlin',
      state: 'BE', postcode: '10115', country: 'DE', email: 'anna@example.com', phone: '+49 30 1234567',
    },
    shipping: {
      first_name: 'Anna', last_name: 'Schmidt', company: '', address_1: 'Hauptstr. 5', address_2: 'Hinterhaus', city: 'Berlin',
      state: 'BE', postcode: '10115', country: 'DE', phone: '',
    },
    payment_method: 'stripe',
    payment_method_title: 'Credit card',
    transaction_id: 'ch_3Nabc',
    date_paid: local(created),
    date_paid_gmt: gmt(created),
    date_completed: null,
    date_completed_gmt: null,
    cart_hash: 'c0ffee',
    meta_data: [{ id: 901, key: '_wc_order_attribution_source_type', value: 'organic' }],
    line_items: [
      {
        id: id * 10 + 1, name: 'Linen shirt - M', product_id: 301, variation_id: 3011, quantity: 2, tax_class: '',
        subtotal: '19.80', subtotal_tax: '3.76', total: '14.80', total_tax: '2.81', taxes: [{ id: 1, total: '2.81', subtotal: '3.76' }],
        meta_data: [{ id: 1, key: 'pa_size', value: 'M', display_key: 'Size', display_value: 'M' }], sku: 'SHIRT-M', price: 7.4,
        image: { id: 55, src: 'https://shop.example.com/wp-content/uploads/shirt.jpg' }, parent_name: 'Linen shirt',
      },
      {
        id: id * 10 + 2, name: 'Canvas bag', product_id: 302, variation_id: 0, quantity: 1, tax_class: '',
        subtotal: '5.65', subtotal_tax: '1.07', total: '5.65', total_tax: '1.07', taxes: [], meta_data: [], sku: 'BAG', price: 5.65,
        image: { id: 56, src: '' }, parent_name: null,
      },
    ],
    tax_lines: [{ id: 77, rate_code: 'DE-MWST-1', rate_id: 1, label: 'MwSt', compound: false, tax_total: '3.97', shipping_tax_total: '0.00' }],
    shipping_lines: [{ id: 78, method_title: 'DHL Paket', method_id: 'flat_rate', instance_id: '1', total: '4.90', total_tax: '0.00', taxes: [] }],
    fee_lines: [],
    coupon_lines: [{ id: 79, code: 'welcome5', discount: '5.00', discount_tax: '0.00' }],
    refunds: [],
    payment_url: `https://shop.example.com/checkout/order-pay/${id}/`,
    is_editable: false,
    needs_payment: false,
    needs_processing: true,
    currency_symbol: '€',
    _links: { self: [{ href: `https://shop.example.com/wp-json/wc/v3/orders/${id}` }] },
    ...over,
  };
}

/** A refund of one unit of the order's first line, as `GET /orders/{id}/refunds` returns it. */
export function makeRefund(refundId: number, order: WcJson, created: Date, over: WcJson = {}): WcJson {
  const line = (order.line_items as WcJson[])[0]!;
  return {
    id: refundId,
    date_created: local(created),
    date_created_gmt: gmt(created),
    amount: '7.40',
    reason: 'Wrong size',
    refunded_by: 1,
    refunded_payment: true,
    meta_data: [],
    line_items: [
      {
        id: refundId * 10, name: line.name, product_id: line.product_id, variation_id: line.variation_id, quantity: -1, tax_class: '',
        subtotal: '-7.40', subtotal_tax: '0.00', total: '-7.40', total_tax: '0.00', taxes: [],
        meta_data: [{ id: refundId * 10 + 1, key: '_refunded_item_id', value: String(line.id), display_key: '_refunded_item_id', display_value: String(line.id) }],
        sku: line.sku, price: -7.4,
      },
    ],
    shipping_lines: [],
    tax_lines: [],
    fee_lines: [],
    _links: {},
    ...over,
  };
}
