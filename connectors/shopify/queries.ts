/**
 * GraphQL Admin documents the connector sends, each with the requested cost we budget for before the shop
 * tells us the real one (Shopify: objects 1, connections 2 + first × child cost, scalars/enums 0). Every
 * query stays under the 1000-point single-query ceiling.
 */
export const ORDER_PAGE_SIZE = 10;
export const ORDER_LINES_FIRST = 10;
/** Refunds read with each order (item 6: no second pass over the window); more than this → one extra call for that order. */
export const ORDER_REFUNDS_FIRST = 2;
export const ORDER_REFUND_LINES_FIRST = 5;
export const REFUND_ORDER_PAGE_SIZE = 8;
export const REFUNDS_FIRST = 5;
export const REFUND_LINES_FIRST = 8;

const money = '{ shopMoney { amount currencyCode } }';
const lineFields = `id sku title quantity variant { id } product { id } originalUnitPriceSet ${money}`;
const refundFields = (lines: number) =>
  `id createdAt updatedAt note totalRefundedSet ${money} refundLineItems(first: ${lines}) { pageInfo { hasNextPage endCursor } nodes { quantity lineItem { id } } }`;

const orderFields = `
      id name createdAt updatedAt cancelledAt closedAt displayFinancialStatus displayFulfillmentStatus currencyCode
      email phone note paymentGatewayNames
      customer { id firstName lastName phone }
      shippingAddress { name firstName lastName phone address1 address2 city province provinceCode zip countryCodeV2 }
      subtotalPriceSet ${money} totalShippingPriceSet ${money} totalTaxSet ${money} totalDiscountsSet ${money} totalPriceSet ${money}
      lineItems(first: ${ORDER_LINES_FIRST}) { pageInfo { hasNextPage endCursor } nodes { ${lineFields} } }
      refunds(first: ${ORDER_REFUNDS_FIRST}) { ${refundFields(ORDER_REFUND_LINES_FIRST)} }`;
const ORDER_COST = 1 + 1 + 1 + 10 + 2 + ORDER_LINES_FIRST * 5 + ORDER_REFUNDS_FIRST * (1 + 2 + 2 + ORDER_REFUND_LINES_FIRST * 2);

export const ORDERS_QUERY = `query HubOrders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${orderFields} }
  }
}`;
export const ORDERS_COST = 2 + ORDER_PAGE_SIZE * ORDER_COST;

/** One order by id, with its first refunds: the webhook fast path. */
export const ORDER_QUERY = `query HubOrder($id: ID!) { order(id: $id) { ${orderFields} } }`;
export const ORDER_ONE_COST = ORDER_COST;

export const REFUNDS_QUERY = `query HubRefunds($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id currencyCode refunds(first: ${REFUNDS_FIRST}) { ${refundFields(REFUND_LINES_FIRST)} } }
  }
}`;
export const REFUNDS_COST = 2 + REFUND_ORDER_PAGE_SIZE * (1 + REFUNDS_FIRST * (1 + 2 + 2 + REFUND_LINES_FIRST * 2));

/** All refunds of one order, when the page query showed it has more than REFUNDS_FIRST. */
export const ORDER_REFUNDS_QUERY = `query HubOrderRefunds($id: ID!) { order(id: $id) { refunds(first: 40) { ${refundFields(REFUND_LINES_FIRST)} } } }`;
export const ORDER_REFUNDS_COST = 1 + 40 * (1 + 2 + 2 + REFUND_LINES_FIRST * 2);

export const MORE_LINES_QUERY = `query HubMoreLines($id: ID!, $after: String) {
  node(id: $id) { ... on Order { lineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${lineFields} } } } }
}`;
export const MORE_LINES_COST = 1 + 2 + 100 * 5;

export const MORE_REFUND_LINES_QUERY = `query HubMoreRefundLines($id: ID!, $after: String) {
  node(id: $id) { ... on Refund { refundLineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { quantity lineItem { id } } } } }
}`;
export const MORE_REFUND_LINES_COST = 1 + 2 + 100 * 2;

export const ORDERS_COUNT_QUERY = `query HubOrdersCount($query: String!) { ordersCount(query: $query, limit: null) { count precision } }`;
export const ORDERS_COUNT_COST = 1;

export const FULFILMENT_STATE_QUERY = `query HubFulfilmentState($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 5) { nodes { id status assignedLocation { location { id } } lineItems(first: 30) { nodes { id remainingQuantity lineItem { id } } } } }
    fulfillments(first: 10) { id status trackingInfo(first: 5) { number } fulfillmentLineItems(first: 20) { nodes { quantity lineItem { id } } } }
  }
}`;
export const FULFILMENT_STATE_COST = 1 + 2 + 5 * (1 + 2 + 2 + 30 * 2) + 10 * (1 + 5 + 2 + 20 * 2);

export const FULFILLMENT_CREATE = `mutation HubFulfil($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}`;
export const MUTATION_COST = 10;

export const VARIANTS_BY_ID_QUERY = `query HubVariants($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { id sku inventoryItem { id } } } }`;
export const variantsByIdCost = (n: number) => 2 * n;
export const VARIANTS_BY_SKU_QUERY = `query HubVariantsBySku($first: Int!, $query: String!) { productVariants(first: $first, query: $query) { nodes { id sku inventoryItem { id } } } }`;
export const variantsBySkuCost = (n: number) => 2 + 2 * n;
export const PRIMARY_LOCATION_QUERY = `query HubPrimaryLocation { location { id } }`;

/** Takes a product off sale (DRAFT) or back on sale (ACTIVE): list/delist at zero. */
export const PRODUCT_STATUS = `mutation HubProductStatus($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id status } userErrors { field message } }
}`;

export const INVENTORY_SET = `mutation HubSetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { code field message } }
}`;
