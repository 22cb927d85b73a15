// `pnpm bench system`: the centre's throughput, latency, report, rebuild, start and memory against
// what the libraries under it can do, all measured in one run on this machine (README#benchmarks).
import { rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { watchEventLoop } from "@mediation/runtime";
import { grpcEchoCeiling, jetStreamCeilings, storeCeiling } from "./ceilings.js";
import { SERVICES, type Service, startBenchCentre } from "./centre.js";
import { cleanUp, installSignalHandlers, wasInterrupted } from "./cleanup.js";
import { cpuPhase, cpuTimeline, pidNamed } from "./cpu.js";
import { benchMediators, paced, quantile, saturate, startDriver, submitOnly } from "./drive.js";
import { saturateWithHistory } from "./flat.js";
import { countDisputes, currentMonth, growStatistics, seedClosedCases } from "./history.js";
import { stagesOf } from "./hops.js";
import { parseOptions } from "./options.js";
import { rebuildOverHistory } from "./rebuild.js";
import { reportLatencies } from "./report-reads.js";
import { rowsOf } from "./rows.js";
import { rssMb, STALL_MS, type Stall } from "./service-output.js";
import { printTable, writeResults } from "./table.js";
import { describeWindow, tailWindows } from "./tail.js";

const options = parseOptions(process.argv.slice(process.argv.indexOf("system") + 1));
const began = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** A stall's length, and where the thread's time went if the service said. */
const stallParts = (st: Omit<Stall, "service">) =>
  st.commit
    ? `a store commit of ${st.ms} ms`
    : `${st.ms} ms${st.ranMs === undefined ? "" : `: ran ${st.ranMs}, waited for a processor ${st.waitedForCpuMs}, slept ${st.sleptMs}`}`;

async function run() {
  installSignalHandlers();
  say(
    `pnpm bench system${options.quick ? " --quick" : ""}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`,
  );

  say("ceilings: JetStream persisted publish and pull consume...");
  const js = await jetStreamCeilings(options.ceilingMessages);
  say(`  publish ${js.publish.perSecond.toFixed(0)} msg/s, consume ${js.consume.perSecond.toFixed(0)} msg/s`);
  say(`ceilings: grpc-js unary echo, ${options.clients} calls in flight...`);
  const echo = await grpcEchoCeiling(options.ceilingSeconds * 1000, options.clients);
  say(`  ${echo.perSecond.toFixed(0)} calls/s`);
  say("ceilings: one store transaction with full sync...");
  const store = await storeCeiling(options.ceilingSeconds * 1000);
  say(`  ${store.perSecond.toFixed(0)} transactions/s`);

  const mediators = benchMediators(options.clients);
  say(`starting the centre: four services, ${mediators.length} mediators...`);
  const centre = await startBenchCentre(mediators, (line) => say(`  ${line}`));
  say(`  services run from ${centre.built ? "compiled JavaScript (dist/)" : "sources through tsx (no pnpm build)"}`);
  const emptyStartMs = Object.fromEntries(SERVICES.map((s) => [s, centre.startMs[s][0] as number])) as Record<Service, number>;
  const driver = startDriver(centre, options.clients, mediators);
  const rss = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<Service, number>;
  const sampler = setInterval(() => {
    for (const s of SERVICES) rss[s] = Math.max(rss[s], rssMb(centre.processes[s].child.pid) ?? 0);
  }, 500);
  const timeoutMs = 60_000;
  say(
    `saturation: ${options.clients} street centres x ${options.inFlight} disputes in flight, ${options.warmupSeconds} s warm-up + ${options.seconds} s...`,
  );
  const progress = setInterval(() => say(`  ${driver.submitted} submitted, ${driver.offersSince(0)} offered`), 5000);
  const phaseStart = performance.now();
  const pids = {
    ...Object.fromEntries(SERVICES.map((s) => [s, centre.processes[s].child.pid])),
    "nats-server": pidNamed("nats-server"),
    "redis-server": pidNamed("redis-server"),
  };
  const cpu = cpuPhase(pids);
  const saturation = await saturate(
    driver,
    options.clients,
    options.inFlight,
    options.warmupSeconds * 1000,
    options.seconds * 1000,
    timeoutMs,
  );
  const cpuUse = { ...cpu.stop(), disputes: driver.offersSince(phaseStart) };
  say(`  ${saturation.disputesPerSecond.toFixed(1)} disputes/s offered; p50 ${saturation.latency.p50.toFixed(0)} ms`);
  const half = options.pacedRate ?? Math.max(1, saturation.disputesPerSecond / 2);
  say(`paced at ${options.pacedRate ? "the rate asked for" : "half that rate"}, ${half.toFixed(1)} disputes/s for ${options.seconds} s...`);
  // The client's own stalls too: a client that stalls makes every dispute in flight look slow.
  const clientStalls: Array<Omit<Stall, "service">> = [];
  const stopWatch = watchEventLoop(
    {
      warn: (({ stalledMs, ...parts }: { stalledMs: number }) =>
        void clientStalls.push({ atMs: Date.now(), ms: stalledMs, ...parts })) as never,
    },
    STALL_MS,
  );
  const pacedFrom = Date.now();
  const pacedCpu = cpuPhase(pids);
  const timeline = cpuTimeline(pids);
  const pacedAt = performance.now();
  const { timed: pacedTimed, ...pacedLatency } = await paced(driver, options.clients, half, options.seconds * 1000, timeoutMs);
  const cpuPaced = { ...pacedCpu.stop(), disputes: pacedLatency.count };
  const tail = tailWindows(timeline.stop(), pacedAt, pacedLatency.slowest);
  stopWatch();
  const pacedStalls = [...centre.stallsSince(pacedFrom), ...clientStalls.map((st) => ({ service: "the client", ...st }))];
  clearInterval(progress);
  clearInterval(sampler);
  say(
    `  p50 ${pacedLatency.p50.toFixed(1)} ms, p99 ${pacedLatency.p99.toFixed(1)} ms, ${pacedLatency.lost} not offered within ${timeoutMs / 1000} s`,
  );
  say(
    `  event-loop stalls (and store commits) of ${STALL_MS} ms or more in the services and the client during it (s into the phase): ${
      pacedStalls.map((st) => `${st.service} ${((st.atMs - pacedFrom) / 1000).toFixed(1)} (${stallParts(st)})`).join(", ") || "none"
    }`,
  );
  say(
    `  the slowest 1 %, submitted at (s into the phase): ${pacedLatency.slowest.map((d) => `${d.atSeconds.toFixed(1)} (${d.ms.toFixed(0)} ms: call ${d.callMs.toFixed(0)}, offered at ${d.offeredMs ?? "?"})`).join(", ")}`,
  );
  say(`  cores each process used while the slowest 1 % waited (over the whole phase): ${tail.map(describeWindow).join(" | ")}`);
  driver.close();
  const stages = await stagesOf(centre.namespace, pacedFrom - 1000, pacedTimed, pacedLatency.slowest);
  say("  ms after the call began, p50 / p99 of all (median of the slowest 1 %):");
  for (const st of stages)
    say(
      `    ${st.stage}: ${st.p50.toFixed(0)} / ${st.p99.toFixed(0)} (${st.slowest.toFixed(0)})${st.missing ? `, ${st.missing} not found` : ""}`,
    );

  say(`RebuildReadModel over ${options.rebuildEvents} events, on a statistics instance of its own...`);
  const rebuild = await rebuildOverHistory(centre, options.rebuildEvents, say);
  say(
    `  ${rebuild.events} events in ${rebuild.seconds.toFixed(2)} s = ${rebuild.perSecond.toFixed(0)} events/s (replay ${rebuild.replaySeconds.toFixed(2)} s, comparison ${rebuild.compareSeconds.toFixed(2)} s; live counting: ${rebuild.liveCount.perSecond.toFixed(0)} events/s)`,
  );

  say(`start with history: ${options.closedCases} closed cases copied into intake, routing and mediation...`);
  await centre.stopAll();
  const seeded: Record<string, Record<string, number>> = {};
  const historyStartMs = {} as Record<Service, number>;
  for (const s of ["intake", "routing", "mediation"] as const) {
    seeded[s] = seedClosedCases(join(centre.dataDir, s, `${s}.sqlite`), options.closedCases);
    say(
      `  ${s}: ${Object.entries(seeded[s])
        .map(([k, v]) => `${k} +${v}`)
        .join(", ")}`,
    );
    // A start that fails three times is a finding, not the end of the run: NaN, and its reason kept.
    historyStartMs[s] = await centre.start(s).catch(() => Number.NaN);
    if (Number.isFinite(historyStartMs[s])) await centre.stop(s);
    else say(`  ${s} did not start with this history (see failedStarts in the JSON)`);
  }

  say(`submit → offer at saturation once more, on that history (${options.seconds} s)...`);
  const withHistory = await saturateWithHistory(centre, mediators, options, timeoutMs).catch((error: Error) => {
    say(`  not measured: ${error.message}`);
    return undefined;
  });
  if (withHistory)
    say(
      `  ${withHistory.disputesPerSecond.toFixed(1)} disputes/s offered, ${(withHistory.disputesPerSecond / saturation.disputesPerSecond).toFixed(2)} of the first phase's; p50 ${withHistory.latency.p50.toFixed(0)} ms`,
    );

  const month = currentMonth();
  const statsFile = join(centre.dataDir, "statistics", "statistics.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${statsFile}${suffix}`, { force: true });
  say(`report: ${options.reportDisputes} disputes counted into ${month} by the statistics code...`);
  await countDisputes(statsFile, options.reportDisputes, month, (done) =>
    process.stdout.write(`\r         ${done}/${options.reportDisputes}`),
  );
  process.stdout.write("\n");
  await centre.start("statistics");
  const smallReport = await reportLatencies(centre, options.reportReads, options.reportDisputes);
  await centre.stop("statistics");
  say(`  p50 ${quantile(smallReport, 0.5).toFixed(1)} ms; growing the history to ${options.reportHistory} disputes in bulk...`);
  const grown = growStatistics(statsFile, month, options.reportDisputes, options.reportHistory);
  say(`  ${grown.months} earlier months, ${grown.appliedEvents} more applied-event ids`);
  historyStartMs.statistics = await centre.start("statistics");
  const largeReport = await reportLatencies(centre, options.reportReads, options.reportDisputes);
  await centre.stop("statistics");
  say(`  p50 ${quantile(largeReport, 0.5).toFixed(1)} ms`);

  // Last, on intake alone: submissions outrun the pipeline, so this would leave a backlog behind it.
  say(`SubmitDispute alone: intake by itself, ${options.clients} calls in flight for ${options.ceilingSeconds} s...`);
  const intakeUp = await centre.start("intake").then(
    () => true,
    () => false,
  );
  const submitAlone = intakeUp ? await submitOnly(centre, options.clients, options.clients, options.ceilingSeconds * 1000) : Number.NaN;
  if (intakeUp) await centre.stop("intake");
  say(`  ${submitAlone.toFixed(0)} calls/s`);

  const report = (sorted: number[], disputes: number) => ({
    disputes,
    reads: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  });
  const results = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30, node: process.version },
    options,
    services: centre.built ? "compiled" : "sources",
    ceilings: { jetStreamPublish: js.publish, jetStreamConsume: js.consume, grpcEcho: echo, storeTransaction: store },
    saturation,
    saturationWithHistory: withHistory,
    submitAlonePerSecond: submitAlone,
    paced: {
      perSecond: half,
      asked: options.pacedRate !== undefined,
      latency: pacedLatency,
      stalls: pacedStalls,
      stages,
      cpu: cpuPaced,
      tail,
    },
    rebuild,
    report: { small: report(smallReport, options.reportDisputes), large: report(largeReport, options.reportHistory), history: grown },
    start: {
      emptyMs: emptyStartMs,
      withHistoryMs: historyStartMs,
      closedCases: options.closedCases,
      seeded,
      failedStarts: centre.failedStarts,
    },
    rssMb: rss,
    cpuAtSaturation: cpuUse,
  };
  const rows = rowsOf(results);
  printTable(rows);
  console.log(`\nJSON: ${writeResults({ ...results, rows }, options.out)}`);
}

try {
  await run();
} catch (error) {
  if (wasInterrupted()) await new Promise(() => undefined); // the signal handler cleans up and exits
  console.error(`\nthe benchmark failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  say("stopping and cleaning up...");
  await cleanUp();
}
process.exit();
