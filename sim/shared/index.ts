export { startHttpServer, readBody, readJson, sendJson, sendBytes, requestUrl, parseMultipart } from "./http";
export type { HttpHandler, RunningServer, MultipartPart } from "./http";
export { seededRandom, hashSeed } from "./random";
export type { SeededRandom } from "./random";
export { renderProductImage } from "./product-image";
export type { ProductImageInput, ProductShapeKind } from "./product-image";
