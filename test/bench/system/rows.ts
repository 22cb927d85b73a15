// The table's rows from the measured figures, each against its ceiling and the target of issue 14.

import { cpus } from "node:os";
import type { Rate } from "./ceilings.js";
import type { Service } from "./centre.js";
import { SERVICES } from "./centre.js";
import { type CpuUse, shortName } from "./cpu.js";
import type { Latencies, Saturation } from "./drive.js";
import type { Stage } from "./hops.js";
import type { Rebuild } from "./rebuild.js";
import { mb, ms, perSecond, type Row } from "./table.js";
import { describeWindow, type TailWindow } from "./tail.js";

export interface Results {
  ceilings: { jetStreamPublish: Rate; jetStreamConsume: Rate; grpcEcho: Rate; storeTransaction: Rate };
  saturation: Saturation;
  /** The same saturation once the stores hold start.closedCases closed cases each (flat.ts); undefined if it could not run. */
  saturationWithHistory?: Saturation | undefined;
  submitAlonePerSecond: number;
  paced: {
    perSecond: number;
    asked?: boolean;
    latency: Latencies;
    stages: Stage[];
    cpu: CpuUse & { disputes: number };
    tail?: TailWindow[];
  };
  rebuild: Rebuild;
  report: { small: { disputes: number; p50: number; p99: number }; large: { disputes: number; p50: number; p99: number } };
  start: { emptyMs: Record<Service, number>; withHistoryMs: Record<Service, number>; closedCases: number; failedStarts: string[] };
  rssMb: Record<Service, number>;
  cpuAtSaturation: CpuUse & { disputes: number };
}

/** The submit → offer target: this share of the broker's ceiling in disputes (issue 14). */
const TARGET_SHARE = 0.1;
/** Events per dispute from submission to offer: dispute.submitted, dispute.routed, offer.made. */
const EVENTS_PER_DISPUTE = 3;
/**
 * Deliveries of those events to consumers: each goes to intake's timeline and to statistics, then
 * dispute.submitted to routing, dispute.routed to mediation, offer.made to routing's work queue and
 * to mediation's live offer feed.
 */
const DELIVERIES_PER_DISPUTE = 10;
/** Durable store transactions that decide something: intake's submission, routing's decision, mediation's offer. */
const DECIDING_TRANSACTIONS = 3;

/**
 * What the libraries alone spend on one dispute, one operation after another at each ceiling's
 * rate: its SubmitDispute call, its publishes, its deliveries and its deciding transactions. An
 * estimate (a ceiling is measured with the machine to itself), not a bound.
 */
export function libraryFloorMs(c: Results["ceilings"]): number {
  return (
    1000 *
    (1 / c.grpcEcho.perSecond +
      EVENTS_PER_DISPUTE / c.jetStreamPublish.perSecond +
      DELIVERIES_PER_DISPUTE / c.jetStreamConsume.perSecond +
      DECIDING_TRANSACTIONS / c.storeTransaction.perSecond)
  );
}

export function rowsOf(r: Results): Row[] {
  const { jetStreamPublish: pub, jetStreamConsume: consume, grpcEcho, storeTransaction } = r.ceilings;
  const brokerDisputes = pub.perSecond / EVENTS_PER_DISPUTE;
  const sat = r.saturation;
  const p = r.paced.latency;
  const count = (x: number) => x.toLocaleString("en-US");
  const rows: Row[] = [
    { what: "ceiling: JetStream persisted publish (256 outstanding)", measured: perSecond(pub.perSecond, "msg") },
    { what: "ceiling: JetStream pull consume, ack each", measured: perSecond(consume.perSecond, "msg") },
    { what: "ceiling: grpc-js unary echo", measured: perSecond(grpcEcho.perSecond, "calls") },
    { what: "ceiling: store transaction, full sync", measured: perSecond(storeTransaction.perSecond, "tx") },
    {
      what: "SubmitDispute alone (intake by itself)",
      measured: perSecond(r.submitAlonePerSecond, "calls"),
      ceiling: perSecond(grpcEcho.perSecond, "echo calls"),
      ratio: r.submitAlonePerSecond / grpcEcho.perSecond,
    },
    {
      what: "submit → offer at saturation",
      measured: perSecond(sat.disputesPerSecond, "disputes"),
      ceiling: `${perSecond(brokerDisputes, "disputes")} (publish ÷ ${EVENTS_PER_DISPUTE})`,
      ratio: sat.disputesPerSecond / brokerDisputes,
      target: `≥ ${TARGET_SHARE}`,
      met: sat.disputesPerSecond / brokerDisputes >= TARGET_SHARE,
    },
    {
      what: "the libraries' own work per dispute, one operation after another (estimate)",
      measured: `${ms(libraryFloorMs(r.ceilings))}: 1 call, ${EVENTS_PER_DISPUTE} publishes, ${DELIVERIES_PER_DISPUTE} deliveries, ${DECIDING_TRANSACTIONS} full-sync transactions`,
      ceiling: `${perSecond(1000 / libraryFloorMs(r.ceilings), "disputes")} at most`,
      ratio: 1000 / libraryFloorMs(r.ceilings) / brokerDisputes,
    },
    {
      what: `submit → offer latency at saturation (${sat.latency.count} disputes)`,
      measured: `p50 ${ms(sat.latency.p50)}, p99 ${ms(sat.latency.p99)}; SubmitDispute ${perSecond(sat.submitsPerSecond, "calls")}`,
    },
    // Make it flat: the same saturation on a long closed history (flat.ts).
    ...(r.saturationWithHistory
      ? [
          {
            what: `submit → offer at saturation, ${count(r.start.closedCases)} closed cases in intake, routing and mediation`,
            measured: `${perSecond(r.saturationWithHistory.disputesPerSecond, "disputes")}; p50 ${ms(r.saturationWithHistory.latency.p50)}, p99 ${ms(r.saturationWithHistory.latency.p99)}`,
            ceiling: `${perSecond(sat.disputesPerSecond, "disputes")} in the first phase`,
            ratio: r.saturationWithHistory.disputesPerSecond / sat.disputesPerSecond,
          },
        ]
      : []),
    {
      what: `submit → offer latency paced at ${r.paced.perSecond.toFixed(1)}/s (${r.paced.asked ? "asked for" : "half"})`,
      measured: `p50 ${ms(p.p50)}, p99 ${ms(p.p99)}${p.lost ? `, ${p.lost} not offered` : ""}`,
      ceiling: "p99 ÷ p50",
      ratio: p.p99 / p.p50,
      target: "p99 ≤ 250 ms and ≤ 5 × p50",
      met: p.p99 <= 250 && p.p99 <= 5 * p.p50 && p.lost === 0,
    },
    // Where that time went: the moment each dispute passed each stage (hops.ts).
    ...r.paced.stages.map((st) => ({
      what: `  paced, ms after the call began: ${st.stage}`,
      measured: `p50 ${ms(st.p50)}, p99 ${ms(st.p99)}${st.missing ? ` (${st.missing} not found)` : ""}`,
      ceiling: `slowest 1 %: ${ms(st.slowest)}`,
    })),
    {
      what: `RebuildReadModel (${count(r.rebuild.events)} events)`,
      measured: perSecond(r.rebuild.perSecond, "events"),
      ceiling: perSecond(consume.perSecond, "msg consumed"),
      ratio: r.rebuild.perSecond / consume.perSecond,
      target: "≥ 0.3",
      met: r.rebuild.perSecond / consume.perSecond >= 0.3,
    },
    {
      what: "  of which the replay, and the comparison after it",
      measured: `${count(Math.round(r.rebuild.replaySeconds * 1000))} ms (${((r.rebuild.replaySeconds * 1e6) / r.rebuild.events).toFixed(0)} µs an event), ${count(Math.round(r.rebuild.compareSeconds * 1000))} ms`,
      ceiling: `${(1e6 / consume.perSecond).toFixed(0)} µs a message consumed`,
    },
    {
      what: "statistics counting the same events live, from its start",
      measured: perSecond(r.rebuild.liveCount.perSecond, "events"),
      ceiling: perSecond(consume.perSecond, "msg consumed"),
      ratio: r.rebuild.liveCount.perSecond / consume.perSecond,
    },
    {
      what: `GetMonthlyReport, ${count(r.report.small.disputes)} disputes`,
      measured: `p50 ${ms(r.report.small.p50)}, p99 ${ms(r.report.small.p99)}`,
    },
    {
      what: `GetMonthlyReport, ${count(r.report.large.disputes)} disputes of history`,
      measured: `p50 ${ms(r.report.large.p50)}, p99 ${ms(r.report.large.p99)}`,
      ceiling: `p50 at ${count(r.report.small.disputes)}`,
      ratio: r.report.large.p50 / r.report.small.p50,
      target: "≤ 2",
      met: r.report.large.p50 / r.report.small.p50 <= 2,
    },
  ];
  const failed = (s: Service) => {
    const n = r.start.failedStarts.filter((f) => f.startsWith(`${s} failed to start`)).length;
    return n ? ` (${n} failed start${n > 1 ? "s" : ""} in the run)` : "";
  };
  for (const s of SERVICES) {
    const history = r.start.withHistoryMs[s];
    rows.push({
      what: `start of ${s}, ${s === "statistics" ? `${count(r.report.large.disputes)} disputes of history` : `${count(r.start.closedCases)} closed cases`}`,
      measured: `${Number.isFinite(history) ? ms(history) : "did not start in 3 tries"}${failed(s)}`,
      ceiling: `${ms(r.start.emptyMs[s])} empty`,
      ratio: history / r.start.emptyMs[s],
      target: "≤ 3 s",
      met: Number.isFinite(history) && history <= 3000,
    });
  }
  rows.push(...cpuRows(r.cpuAtSaturation, TARGET_SHARE * brokerDisputes), ...pacedCpuRows(r.paced, r.cpuAtSaturation));
  for (const s of SERVICES)
    rows.push({ what: `RSS of ${s} under load (max)`, measured: mb(r.rssMb[s]), target: "≤ 150 MB", met: r.rssMb[s] <= 150 });
  return rows;
}

/**
 * Processor time per dispute at saturation, per process, and how busy the machine's cores were; then
 * what the submit → offer target (`targetRate` disputes a second) leaves the four services of the
 * cores, once the processes beside them (this client, nats-server, redis-server) have taken what they
 * took per dispute at saturation, against what the services took.
 */
/** CPU seconds of every process counted in a phase. */
const totalSeconds = (cpu: CpuUse) => Object.values(cpu.seconds).reduce((a, b) => a + b, 0);

function cpuRows(cpu: CpuUse & { disputes: number }, targetRate: number): Row[] {
  const total = totalSeconds(cpu);
  const msPerDispute = (seconds: number) => (seconds / Math.max(1, cpu.disputes)) * 1000;
  const perDispute = (seconds: number) => ms(msPerDispute(seconds));
  const rows: Row[] = Object.entries(cpu.seconds)
    .sort(([, a], [, b]) => b - a)
    .map(([name, seconds]) => ({
      what: `CPU per dispute at saturation: ${name}`,
      measured: `${perDispute(seconds)} (${((seconds / cpu.wallSeconds) * 100).toFixed(0)}% of a core)`,
      ceiling: "all processes",
      ratio: seconds / total,
    }));
  rows.push({
    what: "CPU at saturation, all processes",
    measured: `${perDispute(total)} per dispute; ${((total / cpu.wallSeconds / cpus().length) * 100).toFixed(0)}% of ${cpus().length} cores`,
  });
  const services = SERVICES.reduce((sum, s) => sum + (cpu.seconds[s] ?? 0), 0);
  const besideMs = msPerDispute(total - services);
  const budgetMs = (cpus().length * 1000) / targetRate - besideMs;
  rows.push({
    what: `CPU the submit → offer target leaves the four services (${perSecond(targetRate, "disputes")})`,
    measured: `${perDispute(services)} per dispute taken by them at saturation`,
    ceiling: `${ms(Math.max(0, budgetMs))}: ${cpus().length} cores ÷ the rate, less ${ms(besideMs)} of the processes beside them`,
    ratio: Math.max(0, budgetMs) / msPerDispute(services),
  });
  return rows;
}

/**
 * CPU per dispute in the paced phase against at saturation: all processes, and how busy the cores still
 * were; then each process's own ratio, the largest first. A process that batches nothing of its own
 * (this client, the servers beside the services) shows what fewer messages a wake-up cost by itself.
 */
function pacedCpuRows(paced: Results["paced"], saturated: CpuUse & { disputes: number }): Row[] {
  const perDispute = (cpu: CpuUse & { disputes: number }, seconds = totalSeconds(cpu)) => (seconds / Math.max(1, cpu.disputes)) * 1000;
  const [pacedMs, saturatedMs] = [perDispute(paced.cpu), perDispute(saturated)];
  const busy = totalSeconds(paced.cpu) / paced.cpu.wallSeconds / cpus().length;
  const each = Object.entries(paced.cpu.seconds)
    .filter(([name]) => (saturated.seconds[name] ?? 0) > 0)
    .map(([name, seconds]) => [name, perDispute(paced.cpu, seconds) / perDispute(saturated, saturated.seconds[name])] as const)
    .sort(([, a], [, b]) => b - a);
  return [
    {
      what: `CPU paced at ${paced.perSecond.toFixed(1)}/s, all processes`,
      measured: `${ms(pacedMs)} per dispute; ${(busy * 100).toFixed(0)}% of ${cpus().length} cores`,
      ceiling: `${ms(saturatedMs)} per dispute at saturation`,
      ratio: pacedMs / saturatedMs,
    },
    {
      what: "CPU paced, each process: per dispute ÷ at saturation",
      measured: each.map(([name, ratio]) => `${shortName(name)} ${ratio.toFixed(2)}`).join(", "),
    },
    // The moment most of the slowest disputes waited in, if they bunched (tail.ts).
    ...[...(paced.tail ?? [])]
      .sort((a, b) => b.disputes - a.disputes)
      .slice(0, 1)
      .filter((w) => w.disputes > 1)
      .map((w) => ({
        what: "paced, cores each process used while most of the slowest 1 % waited (whole phase)",
        measured: describeWindow(w),
      })),
  ];
}
