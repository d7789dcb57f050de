import { EntityStatement, IncidentTimelineEntry, type WriteBatch } from '@switchboard/persistence';

interface TimelineLine {
  incidentId: string;
  kind: string;
  detail: string;
  at: Date;
}

/**
 * The incident timeline lines one transaction adds, written together before it commits: one
 * statement per incident instead of one per line (on PostgreSQL each statement is a round trip,
 * and a transaction of the pipeline adds two or three lines to its incident). Lines keep the
 * order they were added in.
 */
export class TimelineBatch {
  #lines: TimelineLine[] = [];

  add(incidentId: string, kind: string, detail: Record<string, unknown>, at = new Date()): void {
    this.#lines.push({ incidentId, kind, detail: JSON.stringify(detail), at });
  }

  /** Queues the lines added since the last write on the transaction's write batch. */
  write(writes: WriteBatch): void {
    const byIncident = new Map<string, TimelineLine[]>();
    for (const line of this.#lines) {
      const lines = byIncident.get(line.incidentId);
      if (lines) lines.push(line);
      else byIncident.set(line.incidentId, [line]);
    }
    this.#lines = [];
    for (const [incidentId, lines] of byIncident) {
      const parameters: Record<string, unknown> = { incidentId };
      lines.forEach((line, i) =>
        Object.assign(parameters, {
          [`at_${i}`]: line.at,
          [`kind_${i}`]: line.kind,
          [`detail_${i}`]: line.detail,
        }),
      );
      writes.execute(appendStatement(lines.length), parameters);
    }
  }
}

const appendStatements: EntityStatement<IncidentTimelineEntry>[] = [];

/**
 * Appends `count` lines to one incident's timeline, numbered on from its last line by the insert
 * itself. Every row's subquery sees the timeline as it was before the statement (PostgreSQL's
 * snapshot; SQLite reads the rows before it inserts them, since the statement reads its own
 * table), hence the offsets.
 */
function appendStatement(count: number): EntityStatement<IncidentTimelineEntry> {
  let statement = appendStatements[count];
  if (!statement) {
    const rows = Array.from(
      { length: count },
      (_, i) => `(:incidentId,
        (SELECT COALESCE(MAX(previous."seq"), 0) + ${i + 1} FROM "incident_timeline" previous
         WHERE previous."incident_id" = :incidentId),
        :at_${i}, :kind_${i}, :detail_${i})`,
    );
    statement = new EntityStatement(
      IncidentTimelineEntry,
      `INSERT INTO "incident_timeline" ("incident_id", "seq", "at", "kind", "detail") VALUES ${rows.join(', ')}`,
    );
    appendStatements[count] = statement;
  }
  return statement;
}
