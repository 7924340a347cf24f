import { parseError } from './errors';

/** A pure parser of the Prometheus text exposition format (version 0.0.4). */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface PromExposition {
  /** `# TYPE` of each family (counter, gauge, histogram, summary, untyped). */
  types: Record<string, string>;
  /** `# HELP` of each family. */
  help: Record<string, string>;
  samples: PromSample[];
}

function parseValue(raw: string, line: string): number {
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  const n = Number(raw);
  if (raw === '' || Number.isNaN(n)) throw parseError('exposition', `bad value in "${line}"`);
  return n;
}

/** Reads `{a="x",b="y\"z"}` starting at `text[start] === '{'`; returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, line: string): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const fail = (): never => {
    throw parseError('exposition', `bad labels in "${line}"`);
  };
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return [labels, i + 1];
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return fail();
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail();
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        value += e === 'n' ? '\n' : (e ?? '');
      } else value += c;
    }
    labels[m[0]] = value;
  }
}

/** Parses an exposition text: `# HELP` / `# TYPE` lines, other comments ignored, samples with labels. */
export function parsePrometheusText(text: string): PromExposition {
  const out: PromExposition = { types: {}, help: {}, samples: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (m?.[2] && m[1] === 'TYPE') out.types[m[2]] = (m[3] ?? '').trim();
      if (m?.[2] && m[1] === 'HELP')
        out.help[m[2]] = (m[3] ?? '').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      continue;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nameMatch) throw parseError('exposition', `bad sample "${line}"`);
    let i = nameMatch[0].length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') [labels, i] = parseLabels(line, i, line);
    const [value, ts] = line.slice(i).trim().split(/\s+/);
    const sample: PromSample = { name: nameMatch[0], labels, value: parseValue(value ?? '', line) };
    if (ts !== undefined) sample.timestampMs = parseValue(ts, line);
    out.samples.push(sample);
  }
  return out;
}

/** A metric name plus labels that a series must carry (a subset match). */
export type PromSelector = string | { metric: string; labels?: Record<string, string> };

export function selectorParts(sel: PromSelector): { metric: string; labels: Record<string, string> } {
  return typeof sel === 'string'
    ? { metric: sel, labels: {} }
    : { metric: sel.metric, labels: sel.labels ?? {} };
}

/** Samples named `name` whose labels include every label of `labels`. */
export function matching(exp: PromExposition, name: string, labels: Record<string, string>): PromSample[] {
  return exp.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** Sum of the matching series (e.g. a counter over all its label values); undefined when none match. */
export function sumOf(exp: PromExposition, sel: PromSelector): number | undefined {
  const { metric, labels } = selectorParts(sel);
  const found = matching(exp, metric, labels);
  return found.length === 0 ? undefined : found.reduce((acc, s) => acc + s.value, 0);
}
