export { requestDigest, withRequestDigest } from './request-digest';
export {
  checkRequestSignature,
  requestKeyId,
  RequestSignatureError,
  signRequest,
  trustedRequestKey,
  type RequestSignatureCheck,
  type RequestSignatureCode,
  type TrustedRequestKey,
} from './request-signature';
