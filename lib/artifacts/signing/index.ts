/** cosign-compatible keys, blob signatures and Sigstore bundles for the offline artifact store. */
export {
  generateCosignKeyPair,
  exportCosignPrivateKey,
  loadCosignPrivateKey,
  loadPublicKey,
  publicKeyPem,
  keyId,
  publicKeyHint,
  SIGSTORE_PRIVATE_KEY_PEM,
  COSIGN_PRIVATE_KEY_PEM,
  type CosignKeyPair,
} from './cosign-keys';
export { digestFile, type FileDigest } from './digest';
export {
  signBytes,
  signFile,
  verifyBytesSignature,
  verifyFileSignature,
  decodeSignature,
  type FileSignature,
} from './blob-signature';
export {
  createBundle,
  parseBundle,
  serializeBundle,
  BUNDLE_MEDIA_TYPE,
  type MessageSignatureBundle,
  type BundleInput,
} from './bundle';
export { verifyFileWithBundle, signFileToBundle } from './bundle-verify';
