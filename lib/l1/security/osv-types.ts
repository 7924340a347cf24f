import type { Ecosystem } from '../versions/ecosystem';
import type { SeverityLevel } from './severity';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: OsvEvent[];
}

/** One `affected[]` item of an OSV record, for a package Hale can lock. */
export interface OsvAffected {
  ecosystem: Ecosystem;
  /** As written in the record. */
  name: string;
  ranges: OsvRange[];
  versions: string[];
  /** From the item's own `severity[]` / `database_specific.severity`, when it has one. */
  severity?: SeverityLevel;
}

/** An OSV record as Hale keeps it: id, aliases, severity and the affected PyPI/npm packages. */
export interface OsvRecord {
  id: string;
  aliases: string[];
  summary?: string;
  /** Highest of the CVSS v3 base score and `database_specific.severity`; undefined when unknown. */
  severity?: SeverityLevel;
  score?: number;
  affected: OsvAffected[];
}

export interface OsvSnapshot {
  /** Where it was read from (file, store ref). */
  source: string;
  /** Records read (withdrawn ones are left out). */
  records: number;
  /** `<ecosystem>:<normalised name>` → the records affecting that package. */
  byPackage: Map<string, { record: OsvRecord; affected: OsvAffected }[]>;
}
