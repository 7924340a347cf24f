export { requestDigest, withRequestDigest } from './request-digest';
