/**
 * Secret detection rules shared by the log redactor and the evidence ledger:
 * which KEY names hold secrets, and which VALUE shapes are secrets wherever they appear.
 */

export const REDACTED = '[REDACTED]';

/** A key is secret when one of its words is one of these. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'cookies',
]);
/** A key is secret when its words, joined, end with one of these (`PGPASSWORD`, `csrfToken`). */
const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey', 'credentials'];
/** Short keys that hold credentials in common client configs (`auth: { user, pass }`). */
const SECRET_EXACT = new Set(['pass', 'auth']);

/**
 * True when a key name looks like it holds a secret, in any case or naming style:
 * `password`, `DB_PASSWORD`, `apiKey`, `x-api-key`, `privateKey`, `client_secret`, `Set-Cookie`.
 * Counters such as `token_count` or `max_tokens` are not secret.
 */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  const joined = words.join('');
  if (SECRET_EXACT.has(joined)) return true;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_SUFFIXES.some((suffix) => joined.endsWith(suffix));
}

// Value shapes. Every pattern is linear or bounded, so a huge string cannot stall a log call.

/** PEM private key blocks; a block with no END line is redacted to the end of the string. */
const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*)/g;
/** `scheme://user:password@host` (the password may itself contain `@`). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s:/?#@"'<>]*):([^\s/?#"'<>]+)@/gi;
/** Header-style pairs whose whole value (to the end of the line) is a credential. */
const HEADER_PAIR =
  /\b((?:proxy-)?authorization|(?:set-)?cookie)(\\?["']?\s*[:=]\s*\\?["']?)(?!\[REDACTED\])[^\r\n"'\\]+/gi;
/** `password=…`, `token: …`, `"api_key":"…"` (also inside escaped JSON). */
const SECRET_PAIR =
  /\b([\w.-]{0,64}?(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credentials?))(\\?["']?\s*[:=]\s*\\?["']?)(?!\[REDACTED\]|\*\*\*@)[^\s"'&;,\\]+/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const BASIC = /\b(Basic)\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g;
const SLACK_TOKEN = /\bxox[abprs]-[A-Za-z0-9-]{10,}/g;

/** `Basic <b64>` is a credential only when the base64 decodes to `user:password`. */
function redactBasic(match: string, scheme: string, encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8').includes(':') ? `${scheme} ${REDACTED}` : match;
}

/**
 * Replaces every secret-shaped part of a string with `[REDACTED]`; URL passwords become
 * `***` so the URL keeps its shape (`postgres://user:***@host/db`). Idempotent.
 */
export function redactString(s: string): string {
  return s
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(URL_CREDENTIALS, '$1$2:***@')
    .replace(HEADER_PAIR, `$1$2${REDACTED}`)
    .replace(SECRET_PAIR, `$1$2${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(BASIC, redactBasic)
    .replace(JWT, REDACTED)
    .replace(AWS_ACCESS_KEY, REDACTED)
    .replace(GITHUB_TOKEN, REDACTED)
    .replace(SLACK_TOKEN, REDACTED);
}
