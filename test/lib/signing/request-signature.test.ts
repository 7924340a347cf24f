import { generateKeyPairSync } from 'node:crypto';
import {
  checkRequestSignature,
  RequestSignatureError,
  requestKeyId,
  signRequest,
  trustedRequestKey,
  withRequestDigest,
} from '../../../lib/signing';

const pair = () => {
  const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    priv: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof RequestSignatureError ? err.code : String(err);
  }
  return 'no error';
};

describe('remediation request signatures (ECDSA P-256 over sign.digest)', () => {
  const a = pair();
  const b = pair();
  const trusted = [trustedRequestKey(a.pub, 'a.pub')];
  const body = { id: 'rem-1', artifact_ref: 'local://x/y', ops: ['apply_patch'] };

  it('a signature by a trusted key verifies; the key id is the same from either half', () => {
    const signed = signRequest(body, a.priv);
    expect(signed.sign.key_id).toBe(requestKeyId(a.pub));
    expect(checkRequestSignature(signed, trusted)).toEqual({ status: 'signed', keyId: requestKeyId(a.pub) });
  });

  it('an unsigned request is digest-only; a wrong digest is refused', () => {
    expect(checkRequestSignature(withRequestDigest(body), trusted)).toEqual({ status: 'digest-only' });
    const wrong = { ...withRequestDigest(body), ops: ['rollback'] };
    expect(codeOf(() => checkRequestSignature(wrong, trusted))).toBe('DIGEST_MISMATCH');
  });

  it('an unknown key, a changed request with its digest fixed up, a garbled signature are refused', () => {
    expect(codeOf(() => checkRequestSignature(signRequest(body, b.priv), trusted))).toBe(
      'REQUEST_KEY_UNKNOWN',
    );
    const signed = signRequest(body, a.priv);
    const changed = signRequest({ ...body, ops: ['rollback'] }, a.priv);
    const spliced = { ...changed, sign: { ...changed.sign, signature: signed.sign.signature } };
    expect(codeOf(() => checkRequestSignature(spliced, trusted))).toBe('REQUEST_SIGNATURE_INVALID');
    const garbled = { ...signed, sign: { ...signed.sign, signature: 'AAAA' } };
    expect(codeOf(() => checkRequestSignature(garbled, trusted))).toBe('REQUEST_SIGNATURE_INVALID');
  });

  it('a key that is not P-256 is refused as a request key', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(codeOf(() => trustedRequestKey(ed, 'ed.pub'))).toBe('REQUEST_KEY_INVALID');
  });
});
