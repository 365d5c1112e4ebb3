/**
 * Catalog reads: one page of the product list, the shop's collections (the list's filter), one
 * product with its media, and a product's variants with the image each shows.
 */

export const PRODUCTS_PAGE_QUERY = `#graphql
  query ProductsPage($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys, $reverse: Boolean) {
    products(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        handle
        status
        productType
        vendor
        tags
        updatedAt
        createdAt
        mediaCount {
          count
        }
        featuredMedia {
          id
          preview {
            image {
              url
              altText
              width
              height
            }
          }
        }
        priceRangeV2 {
          minVariantPrice {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

export const PRODUCT_DETAIL_QUERY = `#graphql
  query ProductDetail($id: ID!) {
    product(id: $id) {
      id
      title
      handle
      descriptionHtml
      productType
      vendor
      tags
      status
      createdAt
      updatedAt
      priceRangeV2 {
        minVariantPrice {
          amount
          currencyCode
        }
        maxVariantPrice {
          amount
          currencyCode
        }
      }
      collections(first: 25) {
        nodes {
          id
          handle
          title
        }
      }
      media(first: 250) {
        nodes {
          id
          alt
          mediaContentType
          status
          preview {
            image {
              url
              width
              height
            }
          }
        }
      }
    }
  }
`;

/**
 * Each variant's options and the image it shows (Shopify attaches at most one). Apart from the
 * detail query: with its media(first: 250) they would pass Shopify's 1,000-point query cost limit.
 */
export const PRODUCT_VARIANTS_QUERY = `#graphql
  query ProductVariantsMedia($id: ID!) {
    product(id: $id) {
      id
      variants(first: 100) {
        nodes {
          id
          title
          selectedOptions {
            name
            value
          }
          media(first: 1) {
            nodes {
              id
            }
          }
        }
      }
    }
  }
`;

/** Collections for the product list's filter, alphabetical. */
export const COLLECTIONS_QUERY = `#graphql
  query Collections($first: Int!) {
    collections(first: $first, sortKey: TITLE) {
      nodes {
        id
        title
      }
    }
  }
`;

/** What automation rules match on, for the newest products (dry-run preview) or one product. */
export const PRODUCTS_FOR_RULES_QUERY = `#graphql
  query ProductsForRules($first: Int!, $query: String) {
    products(first: $first, query: $query, sortKey: CREATED_AT, reverse: true) {
      nodes {
        id
        title
        handle
        productType
        vendor
        tags
        createdAt
        collections(first: 25) {
          nodes {
            id
            handle
          }
        }
        priceRangeV2 {
          minVariantPrice {
            amount
          }
          maxVariantPrice {
            amount
          }
        }
      }
    }
  }
`;
