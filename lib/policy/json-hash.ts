import { createHash, type Hash } from 'node:crypto';

/**
 * OPA's hash of a structured bundle file (`data.json`, `.manifest`): not the bytes, but a walk of
 * the parsed document (bundle/hash.go) — objects as `{` key `:` value … `}` with keys in byte order,
 * arrays as `[` … `]`, primitives as Go's encoding/json writes them (no HTML escaping), and numbers
 * exactly as written in the file (Go decodes them as json.Number). So a signature over `1.0` holds
 * for `1.0` and a re-indented file, but not for `1`.
 *
 * The parser is strict RFC 8259 JSON in UTF-8 (Go falls back to YAML; Hale's bundles hold JSON only).
 */
export function opaJsonHash(bytes: Uint8Array, algorithm = 'sha256'): Buffer {
  const hash = createHash(algorithm);
  new Walker(decodeUtf8(stripBom(bytes)), hash).document();
  return hash.digest();
}

/** Thrown for a file that is not strict JSON; `offset` is the character where parsing stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 512;
const HEX = '0123456789abcdef';
/** How Go writes these characters in a JSON string. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
/** What a one-character JSON escape (after the backslash) stands for. */
const UNESCAPE: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new JsonSyntaxError('invalid UTF-8', 0);
  }
}

/** A string as Go's json.Encoder writes it with SetEscapeHTML(false) (Go ≥ 1.22). */
export function goJsonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const short = SHORT_ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (short !== undefined) out += short;
    else if (code < 0x20) out += `\\u00${HEX[code >> 4]}${HEX[code & 15]}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\ufffd'; // lone surrogate: Go decoded it as U+FFFD
    else out += ch;
  }
  return `${out}"`;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

type Value = { kind: 'raw'; text: string } | { kind: 'object'; entries: Map<string, Value> } | Value[];

class Walker {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly hash: Hash,
  ) {}

  document(): void {
    const value = this.value(0);
    this.space();
    if (this.at !== this.text.length) this.fail('unexpected data after the document');
    this.emit(value);
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.at);
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  private value(depth: number): Value {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.space();
    const ch = this.text[this.at];
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"') return { kind: 'raw', text: goJsonString(this.string()) };
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return { kind: 'raw', text: word };
      }
    }
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('expected a JSON value');
    this.at += match[0].length;
    return { kind: 'raw', text: match[0] };
  }

  private object(depth: number): Value {
    const entries = new Map<string, Value>();
    this.at += 1;
    this.space();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at += 1;
      entries.delete(key); // a repeated key: the last value wins, as in a Go map
      entries.set(key, this.value(depth + 1));
      this.space();
      const sep = this.text[this.at++];
      if (sep === '}') return { kind: 'object', entries };
      if (sep !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): Value[] {
    const items: Value[] = [];
    this.at += 1;
    this.space();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const sep = this.text[this.at++];
      if (sep === ']') return items;
      if (sep !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    let out = '';
    this.at += 1;
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined) this.fail('unterminated string');
      this.at += 1;
      if (ch === '"') return out;
      if (ch < ' ') this.fail('control character in string');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.text[this.at++];
      const simple = esc === undefined ? undefined : UNESCAPE[esc];
      if (simple !== undefined) out += simple;
      else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at, this.at + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else this.fail('invalid escape');
    }
  }

  private emit(value: Value): void {
    if (Array.isArray(value)) {
      this.hash.update('[');
      value.forEach((item, i) => {
        if (i > 0) this.hash.update(',');
        this.emit(item);
      });
      this.hash.update(']');
    } else if (value.kind === 'object') {
      this.hash.update('{');
      [...value.entries.keys()].sort(byteOrder).forEach((key, i) => {
        if (i > 0) this.hash.update(',');
        this.hash.update(`${goJsonString(key)}:`);
        this.emit(value.entries.get(key) as Value);
      });
      this.hash.update('}');
    } else {
      this.hash.update(value.text);
    }
  }
}
