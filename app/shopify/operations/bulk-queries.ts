/**
 * Query documents handed to bulkOperationRunQuery as a string (not operations of their own, so
 * not `#graphql`-tagged); validated against the pinned schema in operations.test.ts.
 */

/** Every product with the fields the snapshot hash covers; media come as child lines (__parentId). */
export const CATALOG_BULK_QUERY = `{
  products {
    edges {
      node {
        id
        title
        handle
        productType
        vendor
        tags
        descriptionHtml
        updatedAt
        media {
          edges {
            node {
              id
            }
          }
        }
      }
    }
  }
}`;
