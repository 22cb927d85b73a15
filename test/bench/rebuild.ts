// `pnpm bench rebuild`: RebuildReadModel's replay alone, in one process with the services' Node.js
// flags, over a made-up history read from memory (no broker, so that runs compare closely): the
// counting into a scratch read model (the code the service runs) against decoding the same messages,
// the least a replay must do, measured in the same run. Figures are printed, not asserted.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { common, decodeEvent, type Event, encodeEvent, events, newEvent, withdrawnByCodec } from "@mediation/contracts";
import { replayIntoScratch } from "@mediation/statistics/bench";
import { aDisputeSubmittedEvent } from "@mediation/testkit";
import { quantile } from "./system/drive.js";

const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 40_000);
const ROUNDS = Number(process.env.BENCH_REBUILD_ROUNDS ?? 6);
const BATCH = 2048;

// The services' flags (the young generation's size decides much of a replay's time): run again with them.
if (!SERVICE_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const args = [...SERVICE_NODE_FLAGS, "--expose-gc", "--conditions=@mediation/source", "--import", tsx, import.meta.filename];
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
}

/** Disputes' lives over a year: 14 centres, three categories, 40 mediators; a fifth withdrawn before routing, the rest routed, declined once, accepted and closed. */
function history(total: number): Uint8Array[] {
  const all: Event[] = [];
  for (let i = 0; all.length < total; i++) {
    const at = (day: number) => new Date(Date.UTC(2025, i % 12, day, 2));
    const ids = { correlationId: `c${i}`, causationId: "bench" };
    const categories = [common.Category.CATEGORY_FAMILY, common.Category.CATEGORY_NEIGHBOUR, common.Category.CATEGORY_SMALL_DEBT];
    const facts = { disputeId: `L${i}`, centreCode: `JD${String((i % 14) + 1).padStart(2, "0")}`, category: categories[i % 3] };
    const routing = { ...facts, channel: common.Channel.CHANNEL_PEOPLES_MEDIATION, submittedAt: at(1) };
    const onChannel = { ...routing, caseId: `C${i}` };
    const owned = { caseId: `C${i}`, disputeId: facts.disputeId, centreCode: facts.centreCode };
    const mediatorId = `M${i % 40}`;
    const outcome = i % 4 ? common.Outcome.OUTCOME_AGREEMENT : common.Outcome.OUTCOME_NO_AGREEMENT;
    const submitted = aDisputeSubmittedEvent(facts.disputeId, {
      centreCode: facts.centreCode,
      category: facts.category,
      submittedAt: at(1),
    });
    const routed = events.DisputeRouted.fromPartial({ ...routing, mediationFirst: true, routedAt: at(2), sequence: 1 });
    if (i % 5 === 0) {
      const withdrawn = events.DisputeWithdrawn.fromPartial({
        ...facts,
        withdrawnBy: withdrawnByCodec.fromCode("CLAIMANT"),
        withdrawnAt: at(4),
        submittedAt: at(1),
      });
      all.push(
        submitted,
        newEvent({ $case: "disputeWithdrawn", value: withdrawn }, ids),
        newEvent({ $case: "disputeRouted", value: routed }, ids),
      );
      continue;
    }
    all.push(
      submitted,
      newEvent({ $case: "disputeRouted", value: routed }, ids),
      newEvent(
        {
          $case: "offerDeclined",
          value: events.OfferDeclined.fromPartial({ ...owned, mediatorId: `M${(i + 1) % 40}`, declinedAt: at(3) }),
        },
        ids,
      ),
      newEvent({ $case: "offerAccepted", value: events.OfferAccepted.fromPartial({ ...onChannel, mediatorId, acceptedAt: at(3) }) }, ids),
      newEvent(
        {
          $case: "caseClosed",
          value: events.CaseClosed.fromPartial({ ...onChannel, mediatorId, outcome, acceptedAt: at(3), closedAt: at(5) }),
        },
        ids,
      ),
    );
  }
  return all.slice(0, total).map(encodeEvent);
}

/** Garbage collections, as V8 reports them (after the fact: they are read a moment after the work). */
const collections: Array<{ at: number; ms: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push({ at: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ["gc"] });

/** How long `work` took, from a collected heap, and garbage collection's milliseconds within it. */
async function timed(work: () => Promise<void>): Promise<{ ms: number; gcMs: number }> {
  globalThis.gc?.();
  const began = performance.now();
  await work();
  const ms = performance.now() - began;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcMs = collections.filter((c) => c.at >= began && c.at <= began + ms).reduce((sum, c) => sum + c.ms, 0);
  return { ms, gcMs };
}

const messages = history(EVENTS);
const batches = Array.from({ length: Math.ceil(messages.length / BATCH) }, (_, i) => messages.slice(i * BATCH, (i + 1) * BATCH));
console.log(
  `pnpm bench rebuild: ${messages.length} events in memory, ${ROUNDS} rounds (the first warms up); Node ${process.version}, ${process.execArgv.filter((a) => a.startsWith("--max") || a.startsWith("--heap")).join(" ")}`,
);
const perEvent = (ms: number) => (ms * 1000) / messages.length;
const decoding: number[] = [];
const replay: Array<{ ms: number; gcMs: number }> = [];
for (let round = 0; round < ROUNDS; round++) {
  // One at a time, each decoded event let go at once, as the replay does.
  decoding.push(
    (
      await timed(async () => {
        for (const message of messages) decodeEvent(message);
      })
    ).ms,
  );
  replay.push(
    await timed(async () => {
      const replayed = await replayIntoScratch(async (onBatch) => {
        for (const batch of batches) await onBatch(batch);
        return messages.length;
      }, tmpdir());
      await replayed.discard();
    }),
  );
  const last = replay.at(-1) as { ms: number; gcMs: number };
  console.log(
    `  round ${round + 1}: decoding ${perEvent(decoding.at(-1) as number).toFixed(1)} µs an event; replay ${perEvent(last.ms).toFixed(1)} µs an event, garbage collection ${((100 * last.gcMs) / last.ms).toFixed(0)}% of it`,
  );
}
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const decode = median(decoding.slice(1));
const counted = median(replay.slice(1).map((r) => r.ms));
const gc = median(replay.slice(1).map((r) => r.gcMs / r.ms));
console.log(`\nRebuild's replay into a scratch read model, from memory (median of rounds 2–${ROUNDS})`);
console.log(`  decoding each message (baseline)   ${perEvent(decode).toFixed(1).padStart(6)} µs an event`);
console.log(
  `  the replay (decode, count, store)  ${perEvent(counted).toFixed(1).padStart(6)} µs an event, ${Math.round(messages.length / (counted / 1000))} events/s, garbage collection ${(100 * gc).toFixed(0)}%`,
);
console.log(`  ratio (replay / decoding): ${(counted / decode).toFixed(1)}x`);
