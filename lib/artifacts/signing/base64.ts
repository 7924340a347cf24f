import type { ArtifactErrorCode } from '../errors';
import { ArtifactError } from '../errors';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True for standard (padded) base64 text; the empty string counts. */
export function isStdBase64(text: string): boolean {
  return BASE64.test(text);
}

/** Decodes standard (padded) base64, as Go's encoding/base64 StdEncoding writes it; throws `code` otherwise. */
export function decodeBase64(text: string, what: string, code: ArtifactErrorCode): Buffer {
  if (!BASE64.test(text)) throw new ArtifactError(code, `${what} is not standard base64`);
  return Buffer.from(text, 'base64');
}
