import { L1Error } from '../errors';
import { versionScheme, type Ecosystem } from '../versions/ecosystem';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord, OsvSnapshot } from './osv-types';
import {
  cvss3BaseScore,
  levelOfScore,
  parseSeverityLevel,
  severityRank,
  type SeverityLevel,
} from './severity';

type Json = Record<string, unknown>;

const ECOSYSTEMS: Record<string, Ecosystem> = { PyPI: 'PyPI', npm: 'npm' };
const RANGE_TYPES = new Set(['ECOSYSTEM', 'SEMVER', 'GIT']);
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function bad(source: string, pointer: string, message: string): L1Error {
  return new L1Error('OSV_SNAPSHOT_INVALID', `${source}: ${pointer || '(document)'} ${message}`, {
    details: { source, pointer },
  });
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(value: unknown, source: string, pointer: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw bad(source, pointer, 'must be a list of strings');
  }
  return value as string[];
}

function higher(a: SeverityLevel | undefined, b: SeverityLevel | undefined): SeverityLevel | undefined {
  if (!a || !b) return a ?? b;
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** The highest of the CVSS v3 scores in `severity[]` and `database_specific.severity`. */
function severityOf(doc: Json): { level?: SeverityLevel; score?: number } {
  let level: SeverityLevel | undefined;
  let score: number | undefined;
  for (const s of Array.isArray(doc.severity) ? doc.severity : []) {
    if (!isObject(s) || typeof s.score !== 'string') continue;
    const base = String(s.type).startsWith('CVSS_V3') ? cvss3BaseScore(s.score) : undefined;
    if (base !== undefined) {
      score = Math.max(score ?? 0, base);
      level = higher(level, levelOfScore(base));
    }
  }
  const db = isObject(doc.database_specific) ? parseSeverityLevel(doc.database_specific.severity) : undefined;
  return { level: higher(level, db), ...(score === undefined ? {} : { score }) };
}

function parseEvents(value: unknown, source: string, pointer: string): OsvEvent[] {
  if (!Array.isArray(value)) throw bad(source, pointer, 'must be a list of events');
  return value.map((e: unknown, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(e)) throw bad(source, at, 'must be an object');
    const keys = EVENT_KEYS.filter((k) => typeof e[k] === 'string');
    if (keys.length !== 1)
      throw bad(source, at, 'must have exactly one of introduced, fixed, last_affected, limit');
    const key = keys[0] as (typeof EVENT_KEYS)[number];
    return { [key]: e[key] as string };
  });
}

function parseRanges(value: unknown, source: string, pointer: string): OsvRange[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(source, pointer, 'must be a list');
  return value.map((r: unknown, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(r) || typeof r.type !== 'string' || !RANGE_TYPES.has(r.type)) {
      throw bad(source, `${at}/type`, 'must be ECOSYSTEM, SEMVER or GIT');
    }
    return { type: r.type as OsvRange['type'], events: parseEvents(r.events, source, `${at}/events`) };
  });
}

function parseAffected(doc: Json, source: string, pointer: string): OsvAffected[] {
  if (doc.affected === undefined) return [];
  if (!Array.isArray(doc.affected)) throw bad(source, `${pointer}/affected`, 'must be a list');
  const out: OsvAffected[] = [];
  doc.affected.forEach((a: unknown, i) => {
    const at = `${pointer}/affected/${i}`;
    if (!isObject(a) || !isObject(a.package)) throw bad(source, `${at}/package`, 'is required');
    const { ecosystem, name } = a.package;
    if (typeof ecosystem !== 'string' || typeof name !== 'string' || name === '') {
      throw bad(source, `${at}/package`, 'needs an ecosystem and a name');
    }
    const known = ECOSYSTEMS[ecosystem];
    if (!known) return; // other ecosystems (Go, Debian, …) are not in Hale's locks
    const own = severityOf(a);
    out.push({
      ecosystem: known,
      name,
      ranges: parseRanges(a.ranges, source, `${at}/ranges`),
      versions: strings(a.versions, source, `${at}/versions`),
      ...(own.level ? { severity: own.level } : {}),
    });
  });
  return out;
}

/** One OSV record (https://ossf.github.io/osv-schema/); undefined when withdrawn. */
export function parseOsvRecord(doc: unknown, source: string, pointer = ''): OsvRecord | undefined {
  if (!isObject(doc)) throw bad(source, pointer, 'must be an OSV object');
  if (typeof doc.id !== 'string' || doc.id === '' || /\s/.test(doc.id))
    throw bad(source, `${pointer}/id`, 'must be an id');
  if (typeof doc.withdrawn === 'string') return undefined;
  const { level, score } = severityOf(doc);
  return {
    id: doc.id,
    aliases: strings(doc.aliases, source, `${pointer}/aliases`),
    ...(typeof doc.summary === 'string' ? { summary: doc.summary } : {}),
    ...(level ? { severity: level } : {}),
    ...(score === undefined ? {} : { score }),
    affected: parseAffected(doc, source, pointer),
  };
}

/**
 * Builds a snapshot from OSV JSON texts: each is one OSV record (as in OSV's per-ecosystem
 * exports, one `<ID>.json` per record) or a JSON array of records. Throws OSV_SNAPSHOT_INVALID
 * naming the text and the JSON pointer of the first problem.
 */
export function buildOsvSnapshot(texts: { name: string; text: string }[], source: string): OsvSnapshot {
  const byPackage: OsvSnapshot['byPackage'] = new Map();
  let records = 0;
  const seen = new Set<string>();
  for (const { name, text } of texts) {
    let doc: unknown;
    try {
      doc = JSON.parse(text) as unknown;
    } catch (err) {
      throw bad(name, '', `is not JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(doc)
      ? doc.map((d: unknown, i) => [d, `/${i}`] as const)
      : [[doc, ''] as const];
    for (const [item, pointer] of list) {
      const record = parseOsvRecord(item, name, pointer);
      if (!record || seen.has(record.id)) continue;
      seen.add(record.id);
      records++;
      for (const affected of record.affected) {
        const key = `${affected.ecosystem}:${versionScheme(affected.ecosystem).normalizeName(affected.name)}`;
        const list2 = byPackage.get(key) ?? [];
        list2.push({ record, affected });
        byPackage.set(key, list2);
      }
    }
  }
  return { source, records, byPackage };
}
