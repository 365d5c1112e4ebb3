/**
 * Every Admin GraphQL operation billing sends. Each is validated against the pinned schema
 * (app/shopify/schema/admin-2026-10.schema.json) by shopify-operations.test.ts.
 */

const SUBSCRIPTION_FIELDS = `#graphql
  fragment GlintSubscription on AppSubscription {
    id
    name
    status
    test
    trialDays
    currentPeriodEnd
    createdAt
    lineItems {
      id
      plan {
        pricingDetails {
          __typename
          ... on AppUsagePricing {
            terms
            cappedAmount { amount currencyCode }
            balanceUsed { amount currencyCode }
          }
          ... on AppRecurringPricing {
            interval
            price { amount currencyCode }
          }
        }
      }
    }
  }
`;

export const APP_SUBSCRIPTION_CREATE = `#graphql
  mutation GlintAppSubscriptionCreate(
    $name: String!
    $lineItems: [AppSubscriptionLineItemInput!]!
    $returnUrl: URL!
    $test: Boolean
    $trialDays: Int
    $replacementBehavior: AppSubscriptionReplacementBehavior
  ) {
    appSubscriptionCreate(
      name: $name
      lineItems: $lineItems
      returnUrl: $returnUrl
      test: $test
      trialDays: $trialDays
      replacementBehavior: $replacementBehavior
    ) {
      confirmationUrl
      appSubscription { ...GlintSubscription }
      userErrors { field message }
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const APP_SUBSCRIPTION_CANCEL = `#graphql
  mutation GlintAppSubscriptionCancel($id: ID!, $prorate: Boolean) {
    appSubscriptionCancel(id: $id, prorate: $prorate) {
      appSubscription { ...GlintSubscription }
      userErrors { field message }
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const APP_USAGE_RECORD_CREATE = `#graphql
  mutation GlintAppUsageRecordCreate(
    $subscriptionLineItemId: ID!
    $price: MoneyInput!
    $description: String!
    $idempotencyKey: String
  ) {
    appUsageRecordCreate(
      subscriptionLineItemId: $subscriptionLineItemId
      price: $price
      description: $description
      idempotencyKey: $idempotencyKey
    ) {
      appUsageRecord { id idempotencyKey price { amount currencyCode } }
      userErrors { field message }
    }
  }
`;

export const APP_PURCHASE_ONE_TIME_CREATE = `#graphql
  mutation GlintAppPurchaseOneTimeCreate($name: String!, $price: MoneyInput!, $returnUrl: URL!, $test: Boolean) {
    appPurchaseOneTimeCreate(name: $name, price: $price, returnUrl: $returnUrl, test: $test) {
      confirmationUrl
      appPurchaseOneTime { id name status test createdAt price { amount currencyCode } }
      userErrors { field message }
    }
  }
`;

/** A subscription by id: what the return URL handler checks before granting anything. */
export const APP_SUBSCRIPTION_BY_ID = `#graphql
  query GlintAppSubscription($id: ID!) {
    node(id: $id) {
      __typename
      ...GlintSubscription
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

/** A one-time purchase by id: the return URL handler grants a pack only once it is ACTIVE. */
export const APP_PURCHASE_ONE_TIME_BY_ID = `#graphql
  query GlintAppPurchaseOneTime($id: ID!) {
    node(id: $id) {
      __typename
      ... on AppPurchaseOneTime { id name status test createdAt price { amount currencyCode } }
    }
  }
`;

export const CURRENT_APP_INSTALLATION = `#graphql
  query GlintCurrentAppInstallation {
    currentAppInstallation {
      id
      activeSubscriptions { ...GlintSubscription }
      oneTimePurchases(first: 50, reverse: true) {
        nodes { id name status test createdAt price { amount currencyCode } }
      }
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const BILLING_OPERATIONS = {
  APP_SUBSCRIPTION_CREATE,
  APP_SUBSCRIPTION_CANCEL,
  APP_USAGE_RECORD_CREATE,
  APP_PURCHASE_ONE_TIME_CREATE,
  APP_SUBSCRIPTION_BY_ID,
  APP_PURCHASE_ONE_TIME_BY_ID,
  CURRENT_APP_INSTALLATION,
};
