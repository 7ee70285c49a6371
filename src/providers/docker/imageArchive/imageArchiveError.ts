// The one error the image archive reader throws: a sentence a user can read in the libraries band,
// and a code a caller can branch on (cancelled, not supported yet, or the archive is bad).

export type ImageArchiveErrorCode =
  | 'aborted'
  | 'truncated'
  | 'checksum'
  | 'too-large'
  | 'unsafe-path'
  | 'not-a-tar'
  | 'unsupported'
  | 'malformed'
  | 'layout';

export class ImageArchiveError extends Error {
  override readonly name = 'ImageArchiveError';

  constructor(
    readonly code: ImageArchiveErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Turns anything thrown while reading into an ImageArchiveError, keeping one that already is. */
export function asImageArchiveError(error: unknown, context: string): ImageArchiveError {
  if (error instanceof ImageArchiveError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageArchiveError('malformed', `${context}: ${detail}`);
}
