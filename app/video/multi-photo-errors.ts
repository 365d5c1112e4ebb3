/** How a multi-photo video render ends early. */

/** The video cannot be made as asked: the generation fails with this message and the credits come back. */
export class MultiPhotoFailure extends Error {
  constructor(
    readonly code: string,
    /** Merchant-readable. */
    message: string,
  ) {
    super(message);
    this.name = "MultiPhotoFailure";
  }
}

/** The generation left the rendering state (cancelled by the merchant): stop quietly, the cancel settled the credits. */
export class MultiPhotoStopped extends Error {
  constructor() {
    super("The multi-photo video is no longer being rendered");
    this.name = "MultiPhotoStopped";
  }
}

/** Every remaining clip model is at its concurrency limit: the job retries later. */
export class ClipModelsBusyError extends Error {
  constructor() {
    super("Every remaining video model is busy");
    this.name = "ClipModelsBusyError";
  }
}
