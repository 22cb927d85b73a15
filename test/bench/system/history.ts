// History seeded straight into the services' stores while they are stopped, in bulk, so that a
// large history takes seconds rather than the hours it would take through the pipeline:
// - the statistics read model: `disputes` real disputes counted by the statistics code itself
//   (countEvent) into the current month; then, in SQL, that month's counts copied into earlier
//   months and one applied-event id per further event, up to `total` disputes of history;
// - closed cases: each table's rows after the live run are templates, copied in SQL with fresh ids,
//   closed (state CLOSED, not open, no pending offer or timer window) and their outbox rows sent.
import { common, events, newEvent, shanghaiMonth, shiftMonth } from "@mediation/contracts";
import { countEvent, STATISTICS_COLLECTIONS } from "@mediation/statistics/bench";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent } from "@mediation/testkit";
import Database from "better-sqlite3";

/** Counts `disputes` disputes (submitted and closed, two events each) in `month` through the statistics code. */
export async function countDisputes(file: string, disputes: number, month: string, progress: (done: number) => void): Promise<void> {
  const store = SqliteStore.open(file, STATISTICS_COLLECTIONS);
  // The service is stopped and a failed seed is thrown away: this connection skips the fsync of
  // each commit, which would otherwise make 10,000 disputes take minutes on a busy machine.
  (store as unknown as { db: Database.Database }).db.pragma("synchronous = OFF");
  const [year, mm] = month.split("-").map(Number) as [number, number];
  try {
    for (let i = 0; i < disputes; i++) {
      const id = `seed-d${i}`;
      const submittedAt = new Date(Date.UTC(year, mm - 1, 1 + (i % 20), 2));
      const closedAt = new Date(submittedAt.getTime() + (i % 8) * 86_400_000);
      const facts = {
        disputeId: id,
        centreCode: `JD${String((i % 16) + 1).padStart(2, "0")}`,
        category: 1 + (i % 3),
        channel: common.Channel.CHANNEL_PEOPLES_MEDIATION,
      };
      await countEvent(store, aDisputeSubmittedEvent(id, { centreCode: facts.centreCode, submittedAt }));
      const closed = events.CaseClosed.fromPartial({
        ...facts,
        caseId: `c${i}`,
        mediatorId: `M${i % 64}`,
        outcome: 1 + (i % 4),
        closedAt,
        submittedAt,
      });
      await countEvent(store, newEvent({ $case: "caseClosed", value: closed }, { correlationId: id, causationId: "bench" }));
      if (i % 500 === 499) progress(i + 1);
    }
  } finally {
    await store.close();
  }
}

function bulk(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // The services are stopped and a failed seed is thrown away: no fsync per row.
  db.pragma("synchronous = OFF");
  return db;
}

const SERIES = "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)";

/** Grows a read model counted by `countDisputes` to `total` disputes of history, `perMonth` a month before `month`. */
export function growStatistics(file: string, month: string, perMonth: number, total: number): { months: number; appliedEvents: number } {
  const db = bulk(file);
  try {
    const months = Math.ceil(total / perMonth) - 1;
    const insertMonth = db.prepare(
      `INSERT INTO "c_monthly_counts" (id, version, doc) SELECT ? || substr(id, 8), version, json_set(doc, '$.month', ?) FROM "c_monthly_counts" WHERE id LIKE ? || '|%'`,
    );
    const template = (db.prepare(`SELECT doc FROM "c_applied_events" LIMIT 1`).get() as { doc: string }).doc;
    const ids = db.prepare(`${SERIES} INSERT INTO "c_applied_events" (id, version, doc) SELECT 'seed-e' || i, 1, ? FROM n`);
    const appliedEvents = Math.max(0, 2 * (total - perMonth));
    // Earlier months are published, as they are in a centre that has run for years (else the
    // month-end freeze at start would publish them all first).
    const published = db.prepare(`INSERT INTO "c_published_months" (id, version, doc) VALUES (?, 1, ?)`);
    db.transaction(() => {
      for (let m = 1; m <= months; m++) {
        const earlier = shiftMonth(month, -m);
        insertMonth.run(earlier, earlier, month);
        published.run(
          earlier,
          JSON.stringify({ contentHash: "seeded", publishedAt: `${shiftMonth(earlier, 1)}-01T00:05:00.000Z`, _schema: 1 }),
        );
      }
      for (let from = 0; from < appliedEvents; from += 100_000) ids.run(from, Math.min(appliedEvents, from + 100_000) - 1, template);
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { months, appliedEvents };
  } finally {
    db.close();
  }
}

/** Tables that hold configuration or one document per month, not one per dispute: not copied. */
const NOT_PER_DISPUTE = new Set([
  "c_mediators",
  "c_supervisors",
  "c_sequences",
  "c_monthly_counts",
  "c_published_reports",
  "c_published_months",
  "c_month_guards",
]);

/** The SQL expression of a closed copy of `doc` (JSON text, parameter 1) numbered `i`. */
function closedCopy(doc: Record<string, unknown>): string {
  const set: string[] = [];
  for (const field of ["disputeId", "caseId", "requestId", "caseNumber"]) if (field in doc) set.push(`'$.${field}', 'hist-' || i`);
  if ("state" in doc) set.push(`'$.state', 'CLOSED'`);
  if ("open" in doc) set.push(`'$.open', json('false')`);
  if ("offerId" in doc) set.push(`'$.offerId', ''`);
  if ("status" in doc && (doc.status === "PENDING" || doc.status === "SENT"))
    set.push(`'$.status', 'SENT'`, `'$.sentAt', '2020-01-01T00:00:00.000Z'`);
  const expression = set.length ? `json_set(?, ${set.join(", ")})` : "?";
  return "confirmationWindowEndsAt" in doc ? `json_remove(${expression}, '$.confirmationWindowEndsAt')` : expression;
}

/** Adds `count` closed copies of a template row to every per-dispute table; returns the rows added per table. */
export function seedClosedCases(file: string, count: number): Record<string, number> {
  const db = bulk(file);
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'c_%'`).all() as Array<{ name: string }>)
      .map((t) => t.name)
      .filter((t) => !NOT_PER_DISPUTE.has(t));
    const added: Record<string, number> = {};
    for (const t of tables) {
      const row = db.prepare(`SELECT doc FROM "${t}" LIMIT 1`).get() as { doc: string } | undefined;
      if (!row) continue;
      const insert = db.prepare(
        `${SERIES} INSERT INTO "${t}" (id, version, doc) SELECT 'hist-' || i, 1, ${closedCopy(JSON.parse(row.doc))} FROM n`,
      );
      db.transaction(() => {
        for (let from = 0; from < count; from += 100_000) insert.run(from, Math.min(count, from + 100_000) - 1, row.doc);
      })();
      added[t.slice(2)] = count;
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
    return added;
  } finally {
    db.close();
  }
}

export const currentMonth = () => shanghaiMonth(new Date());
