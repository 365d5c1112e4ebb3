export { validateOutput, type OutputExpectations, type ValidatedOutput } from "./validate";
export { OutputRejected, type RejectionCode } from "./rejection";
export { productFidelity, DEFAULT_FIDELITY_THRESHOLD, type FidelityJudge, type FidelityResult } from "./fidelity";
export { safeDownload, DownloadError, isBlockedAddress, type SafeDownloadOptions } from "./safe-download";
export { sniffMedia } from "./sniff";
