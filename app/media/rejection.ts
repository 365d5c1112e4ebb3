/** Why an output was refused: a code for the attempt history and a sentence a merchant can read. */
export type RejectionCode =
  | "unrecognised_format"
  | "wrong_kind"
  | "content_type_mismatch"
  | "corrupt"
  | "blank"
  | "too_small"
  | "too_large"
  | "aspect_ratio"
  | "duration"
  | "nsfw"
  | "product_altered";

export class OutputRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** Product-fidelity score when that was the reason. */
    readonly fidelityScore?: number,
  ) {
    super(message);
    this.name = "OutputRejected";
  }
}
