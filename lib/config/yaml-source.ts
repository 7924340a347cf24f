import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigProblem } from './errors';

export interface Position {
  line: number;
  column: number;
}

/** A parsed hale.yaml that can map a JSON pointer back to a line and column. */
export interface YamlSource {
  data: unknown;
  /**
   * Position for `segments`: `'at'` gives the key (for a mapping entry) or the item (for a
   * sequence entry); `'parent'` gives the mapping that contains the last segment (used for a
   * missing required key). Falls back to the deepest node that exists.
   */
  locate(segments: readonly string[], mode: 'at' | 'parent'): Position;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** Parses YAML text; syntax errors come back as a problem with the line and column. */
export function parseYaml(text: string, file: string): YamlSource | ConfigProblem {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const what = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return {
      code: 'CONFIG_PARSE',
      text: `YAML syntax error: ${what}`,
      details: { file, line: pos?.line, column: pos?.col, rule: 'syntax' },
      cause: first,
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return {
      code: 'CONFIG_PARSE',
      text: `YAML could not be read: ${err instanceof Error ? err.message : String(err)}`,
      details: { file, rule: 'syntax' },
      cause: err,
    };
  }
  return { data, locate: (segments, mode) => locate(doc, lineCounter, segments, mode) };
}

function positionOf(node: { range?: unknown } | null | undefined, lines: LineCounter): Position | undefined {
  const range = node?.range;
  if (!Array.isArray(range) || typeof range[0] !== 'number') return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

function locate(
  doc: Document,
  lines: LineCounter,
  segments: readonly string[],
  mode: 'at' | 'parent',
): Position {
  const path = mode === 'parent' ? segments.slice(0, -1) : segments;
  let node: unknown = doc.contents;
  let best = positionOf(doc.contents, lines) ?? { line: 1, column: 1 };
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let here: Position | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === segment);
      if (!pair) return best;
      next = pair.value;
      here = positionOf(pair.key as Node | null, lines) ?? positionOf(pair.value as Node | null, lines);
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
      if (next === undefined) return best;
      here = positionOf(next as Node, lines);
    } else {
      return best;
    }
    node = next;
    best = here ?? best;
  }
  if (mode === 'parent') {
    if (isAlias(node)) node = node.resolve(doc);
    best = positionOf(node as Node | null, lines) ?? best;
  }
  return best;
}
