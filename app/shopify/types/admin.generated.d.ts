/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BulkProductsRunMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkProductsRunMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type BulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationStatusQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url' | 'partialDataUrl'>> };

export type StagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type StagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FileCreateMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileCreateInput> | AdminTypes.FileCreateInput;
}>;


export type FileCreateMutation = { fileCreate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'fileStatus' | 'alt'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type FileUpdateMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileUpdateInput> | AdminTypes.FileUpdateInput;
}>;


export type FileUpdateMutation = { fileUpdate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'fileStatus' | 'alt'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type FilesByFilenameQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type FilesByFilenameQuery = { files: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus'> | (
      Pick<AdminTypes.MediaImage, 'id' | 'fileStatus'>
      & { image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }
    ) | Pick<AdminTypes.Model3d, 'id' | 'fileStatus'> | Pick<AdminTypes.Video, 'id' | 'fileStatus'>> } };

export type FileStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type FileStatusQuery = { node?: AdminTypes.Maybe<(
    Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus' | 'alt' | 'status'>
    & { fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'details' | 'message'>>, mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>> }
  ) | (
    Pick<AdminTypes.GenericFile, 'id' | 'fileStatus' | 'alt'>
    & { fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'details' | 'message'>> }
  ) | (
    Pick<AdminTypes.MediaImage, 'id' | 'fileStatus' | 'alt' | 'status'>
    & { fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'details' | 'message'>>, mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>> }
  ) | (
    Pick<AdminTypes.Model3d, 'id' | 'fileStatus' | 'alt' | 'status'>
    & { fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'details' | 'message'>>, mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>> }
  ) | (
    Pick<AdminTypes.Video, 'id' | 'fileStatus' | 'alt' | 'status'>
    & { fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'details' | 'message'>>, mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>> }
  )> };

export type ProductMediaQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductMediaQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'descriptionHtml' | 'updatedAt'>
    & { media: { nodes: Array<(
        Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
      ) | (
        Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
      ) | (
        Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
      ) | (
        Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
      )> } }
  )> };

export type ProductReorderMediaMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  moves: Array<AdminTypes.MoveInput> | AdminTypes.MoveInput;
}>;


export type ProductReorderMediaMutation = { productReorderMedia?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id' | 'done'>>, mediaUserErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type ProductVariantAppendMediaMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  variantMedia: Array<AdminTypes.ProductVariantAppendMediaInput> | AdminTypes.ProductVariantAppendMediaInput;
}>;


export type ProductVariantAppendMediaMutation = { productVariantAppendMedia?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type ProductVariantDetachMediaMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  variantMedia: Array<AdminTypes.ProductVariantDetachMediaInput> | AdminTypes.ProductVariantDetachMediaInput;
}>;


export type ProductVariantDetachMediaMutation = { productVariantDetachMedia?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type ProductsPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  sortKey?: AdminTypes.InputMaybe<AdminTypes.ProductSortKeys>;
  reverse?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type ProductsPageQuery = { products: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'status' | 'productType' | 'vendor' | 'tags' | 'updatedAt' | 'createdAt'>
      & { mediaCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, featuredMedia?: AdminTypes.Maybe<(
        Pick<AdminTypes.ExternalVideo, 'id'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'altText' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.MediaImage, 'id'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'altText' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.Model3d, 'id'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'altText' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.Video, 'id'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'altText' | 'width' | 'height'>> }> }
      )>, priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> } };

export type ProductDetailQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductDetailQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'descriptionHtml' | 'productType' | 'vendor' | 'tags' | 'status' | 'createdAt' | 'updatedAt'>
    & { priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, maxVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, collections: { nodes: Array<Pick<AdminTypes.Collection, 'id' | 'handle' | 'title'>> }, media: { nodes: Array<(
        Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'mediaContentType' | 'status'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'mediaContentType' | 'status'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.Model3d, 'id' | 'alt' | 'mediaContentType' | 'status'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'width' | 'height'>> }> }
      ) | (
        Pick<AdminTypes.Video, 'id' | 'alt' | 'mediaContentType' | 'status'>
        & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'width' | 'height'>> }> }
      )> } }
  )> };

export type ProductVariantsMediaQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductVariantsMediaQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { variants: { nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title'>
        & { selectedOptions: Array<Pick<AdminTypes.SelectedOption, 'name' | 'value'>>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>> } }
      )> } }
  )> };

export type CollectionsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type CollectionsQuery = { collections: { nodes: Array<Pick<AdminTypes.Collection, 'id' | 'title'>> } };

export type ProductsForRulesQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductsForRulesQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'tags' | 'createdAt'>
      & { collections: { nodes: Array<Pick<AdminTypes.Collection, 'id' | 'handle'>> }, priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount'>, maxVariantPrice: Pick<AdminTypes.MoneyV2, 'amount'> } }
    )> } };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkOperationStatus($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      rootObjectCount\n      url\n      partialDataUrl\n    }\n  }\n": {return: BulkOperationStatusQuery, variables: BulkOperationStatusQueryVariables},
  "#graphql\n  query FilesByFilename($query: String!) {\n    files(first: 5, query: $query) {\n      nodes {\n        id\n        fileStatus\n        ... on MediaImage {\n          image {\n            url\n          }\n        }\n      }\n    }\n  }\n": {return: FilesByFilenameQuery, variables: FilesByFilenameQueryVariables},
  "#graphql\n  query FileStatus($id: ID!) {\n    node(id: $id) {\n      ... on File {\n        id\n        fileStatus\n        alt\n        fileErrors {\n          code\n          details\n          message\n        }\n      }\n      ... on Media {\n        status\n        mediaErrors {\n          code\n          details\n          message\n        }\n      }\n    }\n  }\n": {return: FileStatusQuery, variables: FileStatusQueryVariables},
  "#graphql\n  query ProductMedia($id: ID!) {\n    product(id: $id) {\n      id\n      title\n      handle\n      descriptionHtml\n      updatedAt\n      media(first: 250) {\n        nodes {\n          id\n          alt\n          status\n          mediaContentType\n          preview {\n            image {\n              url\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ProductMediaQuery, variables: ProductMediaQueryVariables},
  "#graphql\n  query ProductsPage($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys, $reverse: Boolean) {\n    products(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        handle\n        status\n        productType\n        vendor\n        tags\n        updatedAt\n        createdAt\n        mediaCount {\n          count\n        }\n        featuredMedia {\n          id\n          preview {\n            image {\n              url\n              altText\n              width\n              height\n            }\n          }\n        }\n        priceRangeV2 {\n          minVariantPrice {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": {return: ProductsPageQuery, variables: ProductsPageQueryVariables},
  "#graphql\n  query ProductDetail($id: ID!) {\n    product(id: $id) {\n      id\n      title\n      handle\n      descriptionHtml\n      productType\n      vendor\n      tags\n      status\n      createdAt\n      updatedAt\n      priceRangeV2 {\n        minVariantPrice {\n          amount\n          currencyCode\n        }\n        maxVariantPrice {\n          amount\n          currencyCode\n        }\n      }\n      collections(first: 25) {\n        nodes {\n          id\n          handle\n          title\n        }\n      }\n      media(first: 250) {\n        nodes {\n          id\n          alt\n          mediaContentType\n          status\n          preview {\n            image {\n              url\n              width\n              height\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ProductDetailQuery, variables: ProductDetailQueryVariables},
  "#graphql\n  query ProductVariantsMedia($id: ID!) {\n    product(id: $id) {\n      id\n      variants(first: 100) {\n        nodes {\n          id\n          title\n          selectedOptions {\n            name\n            value\n          }\n          media(first: 1) {\n            nodes {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ProductVariantsMediaQuery, variables: ProductVariantsMediaQueryVariables},
  "#graphql\n  query Collections($first: Int!) {\n    collections(first: $first, sortKey: TITLE) {\n      nodes {\n        id\n        title\n      }\n    }\n  }\n": {return: CollectionsQuery, variables: CollectionsQueryVariables},
  "#graphql\n  query ProductsForRules($first: Int!, $query: String) {\n    products(first: $first, query: $query, sortKey: CREATED_AT, reverse: true) {\n      nodes {\n        id\n        title\n        handle\n        productType\n        vendor\n        tags\n        createdAt\n        collections(first: 25) {\n          nodes {\n            id\n            handle\n          }\n        }\n        priceRangeV2 {\n          minVariantPrice {\n            amount\n          }\n          maxVariantPrice {\n            amount\n          }\n        }\n      }\n    }\n  }\n": {return: ProductsForRulesQuery, variables: ProductsForRulesQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkProductsRun($query: String!) {\n    bulkOperationRunQuery(query: $query, groupObjects: false) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: BulkProductsRunMutation, variables: BulkProductsRunMutationVariables},
  "#graphql\n  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: StagedUploadsCreateMutation, variables: StagedUploadsCreateMutationVariables},
  "#graphql\n  mutation FileCreate($files: [FileCreateInput!]!) {\n    fileCreate(files: $files) {\n      files {\n        id\n        fileStatus\n        alt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FileCreateMutation, variables: FileCreateMutationVariables},
  "#graphql\n  mutation FileUpdate($files: [FileUpdateInput!]!) {\n    fileUpdate(files: $files) {\n      files {\n        id\n        fileStatus\n        alt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FileUpdateMutation, variables: FileUpdateMutationVariables},
  "#graphql\n  mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {\n    productReorderMedia(id: $id, moves: $moves) {\n      job {\n        id\n        done\n      }\n      mediaUserErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: ProductReorderMediaMutation, variables: ProductReorderMediaMutationVariables},
  "#graphql\n  mutation ProductVariantAppendMedia($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {\n    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: ProductVariantAppendMediaMutation, variables: ProductVariantAppendMediaMutationVariables},
  "#graphql\n  mutation ProductVariantDetachMedia($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {\n    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: ProductVariantDetachMediaMutation, variables: ProductVariantDetachMediaMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
