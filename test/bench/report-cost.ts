// Issue: a report reads pre-aggregated figures, so its cost must not grow with the month's disputes.
// Measured: the same monthly report read after 100 disputes and after many more.
import { join } from "node:path";
import { common, events, newEvent } from "@mediation/contracts";
import { countEvent, getMonthlyReport, STATISTICS_COLLECTIONS } from "@mediation/statistics/bench";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir } from "@mediation/testkit";
import { measure, report } from "./measure.js";

const READS = 50;

async function storeWith(disputes: number, progress: (done: number) => void): Promise<{ store: SqliteStore; remove(): void }> {
  const dir = tempDir("bench-report-");
  const store = SqliteStore.open(join(dir.path, "s.sqlite"), STATISTICS_COLLECTIONS);
  for (let i = 0; i < disputes; i++) {
    const id = `d${i}`;
    const submittedAt = new Date(Date.UTC(2025, 2, 1 + (i % 28), 2));
    const closedAt = new Date(submittedAt.getTime() + (i % 20) * 86_400_000);
    const facts = { disputeId: id, centreCode: `JD0${i % 5}`, category: 1 + (i % 3), channel: common.Channel.CHANNEL_PEOPLES_MEDIATION };
    await countEvent(store, aDisputeSubmittedEvent(id, { centreCode: facts.centreCode, submittedAt }));
    await countEvent(
      store,
      newEvent(
        {
          $case: "caseClosed",
          value: events.CaseClosed.fromPartial({
            ...facts,
            caseId: `c${i}`,
            mediatorId: `M${i % 12}`,
            outcome: 1 + (i % 4),
            closedAt,
            submittedAt,
          }),
        },
        { correlationId: id, causationId: "bench" },
      ),
    );
    if (i % 1000 === 999) progress(i + 1);
  }
  return { store, remove: dir.remove };
}

export async function reportCostBench(many: number): Promise<void> {
  const small = await storeWith(100, () => undefined);
  const large = await storeWith(many, (done) => process.stdout.write(`\r  loading ${done}/${many} disputes into the read model...`));
  process.stdout.write("\n");
  try {
    const baseline = await measure(`report after 100 disputes (x${READS} reads)`, READS, async () => {
      for (let i = 0; i < READS; i++) await getMonthlyReport(small.store, "2025-03", "");
    });
    const subject = await measure(`report after ${many} disputes (x${READS} reads)`, READS, async () => {
      for (let i = 0; i < READS; i++) await getMonthlyReport(large.store, "2025-03", "");
    });
    report("Monthly report cost against the month's volume (flat is right)", baseline, subject);
  } finally {
    for (const s of [small, large]) {
      await s.store.close();
      s.remove();
    }
  }
}
