/**
 * True when `sig` is a DER ECDSA signature for a 256-bit curve: SEQUENCE { INTEGER r, INTEGER s },
 * short-form lengths, minimal positive integers of at most 33 bytes, nothing trailing.
 */
export function isEcdsaDerSignature(sig: Buffer): boolean {
  if (sig.length < 8 || sig.length > 72 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return false;
  let at = 2;
  for (let i = 0; i < 2; i++) {
    if (sig[at] !== 0x02) return false;
    const len = sig[at + 1] ?? 0;
    const first = sig[at + 2] ?? 0;
    if (len < 1 || len > 33 || at + 2 + len > sig.length) return false;
    if (first & 0x80) return false; // negative
    if (len > 1 && first === 0 && ((sig[at + 3] ?? 0) & 0x80) === 0) return false; // not minimal
    at += 2 + len;
  }
  return at === sig.length;
}
