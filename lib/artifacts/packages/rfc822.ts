/**
 * Header blocks in the RFC 822 style used by wheel METADATA / WHEEL and Debian control files:
 * `Field: value` lines, continuation lines start with a space or tab, a blank line ends the
 * headers. Field names are case-insensitive (stored lower-case); repeated fields keep every value.
 */
export interface HeaderBlock {
  fields: Map<string, string[]>;
  /** Text after the blank line (the long description in METADATA). */
  body: string;
}

export function parseHeaders(text: string): HeaderBlock | { error: string; line: number } {
  const fields = new Map<string, string[]>();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let last: { values: string[]; index: number } | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      return { fields, body: lines.slice(i + 1).join('\n') };
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!last) return { error: 'continuation line before any field', line: i + 1 };
      last.values[last.index] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `not a "Field: value" line`, line: i + 1 };
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = { values, index: values.length - 1 };
  }
  return { fields, body: '' };
}

export function first(block: HeaderBlock, field: string): string | undefined {
  const value = block.fields.get(field.toLowerCase())?.[0];
  return value === undefined || value === '' ? undefined : value;
}

export function all(block: HeaderBlock, field: string): string[] {
  return block.fields.get(field.toLowerCase()) ?? [];
}
