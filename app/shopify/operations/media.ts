/**
 * Write-back: staged upload, file creation, attaching the file to a product, polling its status,
 * ordering the gallery, variant images, and detaching on revert. See
 * docs/decisions/0009-media-write-back-with-files-api.md for why fileCreate + fileUpdate.
 */

export const STAGED_UPLOADS_CREATE_MUTATION = `#graphql
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const FILE_CREATE_MUTATION = `#graphql
  mutation FileCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files {
        id
        fileStatus
        alt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const FILE_UPDATE_MUTATION = `#graphql
  mutation FileUpdate($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
        fileStatus
        alt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Finds a file Glint created before a crash lost the answer (filenames carry the asset checksum). */
export const FILES_BY_FILENAME_QUERY = `#graphql
  query FilesByFilename($query: String!) {
    files(first: 5, query: $query) {
      nodes {
        id
        fileStatus
        ... on MediaImage {
          image {
            url
          }
        }
      }
    }
  }
`;

/** Images and videos alike: the File interface carries the file's state, the Media interface the media's. */
export const FILE_STATUS_QUERY = `#graphql
  query FileStatus($id: ID!) {
    node(id: $id) {
      ... on File {
        id
        fileStatus
        alt
        fileErrors {
          code
          details
          message
        }
      }
      ... on Media {
        status
        mediaErrors {
          code
          details
          message
        }
      }
    }
  }
`;

export const PRODUCT_MEDIA_QUERY = `#graphql
  query ProductMedia($id: ID!) {
    product(id: $id) {
      id
      title
      handle
      descriptionHtml
      updatedAt
      media(first: 250) {
        nodes {
          id
          alt
          status
          mediaContentType
          preview {
            image {
              url
            }
          }
        }
      }
    }
  }
`;

export const PRODUCT_REORDER_MEDIA_MUTATION = `#graphql
  mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job {
        id
        done
      }
      mediaUserErrors {
        field
        message
        code
      }
    }
  }
`;

export const PRODUCT_VARIANT_APPEND_MEDIA_MUTATION = `#graphql
  mutation ProductVariantAppendMedia($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const PRODUCT_VARIANT_DETACH_MEDIA_MUTATION = `#graphql
  mutation ProductVariantDetachMedia($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {
    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;
