import type { Queryable } from '../db';
import type { LedgerEntry } from './entry';
import { LEDGER_COLUMNS, rowToEntry, type LedgerRow } from './rows';

export interface TimelineAnnotation {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  text: string | null;
  data: unknown;
}

export interface TimelineItem extends LedgerEntry {
  annotations: TimelineAnnotation[];
}

export interface IncidentTimeline {
  incident_id: string;
  entries: TimelineItem[];
  /** Annotations whose target is not an entry of this incident. */
  loose_annotations: TimelineAnnotation[];
}

/** Every entry of an incident in seq order, each with the annotations that target it. */
export async function incidentTimeline(db: Queryable, incidentId: string): Promise<IncidentTimeline> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ledger_entries WHERE incident_id = $1 ORDER BY seq`,
    [incidentId],
  );
  const items = new Map<number, TimelineItem>();
  const loose: TimelineAnnotation[] = [];
  for (const entry of rows.map(rowToEntry)) {
    if (entry.type !== 'annotation') {
      items.set(entry.seq, { ...entry, annotations: [] });
      continue;
    }
    const p = (entry.payload ?? {}) as {
      target_seq?: number;
      kind?: string;
      text?: string | null;
      data?: unknown;
    };
    const note: TimelineAnnotation = {
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      kind: String(p.kind),
      text: p.text ?? null,
      data: p.data ?? null,
    };
    const target = items.get(Number(p.target_seq));
    if (target) target.annotations.push(note);
    else loose.push(note);
  }
  return { incident_id: incidentId, entries: [...items.values()], loose_annotations: loose };
}

function summary(payload: unknown, width = 100): string {
  const text = JSON.stringify(payload) ?? '';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The timeline as text for a terminal or a ticket. */
export function formatTimeline(t: IncidentTimeline): string {
  const notes = t.entries.reduce((n, e) => n + e.annotations.length, 0) + t.loose_annotations.length;
  const lines = [`Incident ${t.incident_id}: ${t.entries.length} entries, ${notes} annotations`];
  for (const e of t.entries) {
    const where = [
      e.subject.workflow_id && `workflow ${e.subject.workflow_id}`,
      e.subject.host && `host ${e.subject.host}`,
      e.subject.service && `service ${e.subject.service}`,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`#${e.seq}  ${e.at}  ${e.type}  by ${e.actor}${where ? `  [${where}]` : ''}`);
    lines.push(`      ${summary(e.payload)}`);
    for (const a of e.annotations)
      lines.push(`      ↳ #${a.seq} ${a.kind} by ${a.actor} at ${a.at}: ${a.text ?? summary(a.data)}`);
  }
  for (const a of t.loose_annotations)
    lines.push(`↳ #${a.seq} ${a.kind} by ${a.actor} at ${a.at}: ${a.text ?? summary(a.data)}`);
  return lines.join('\n');
}
