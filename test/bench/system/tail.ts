// Where the processors went while the slowest disputes of the paced phase waited. Those disputes
// usually bunch together: they waited out one moment when the cores were taken. Comparing what each
// process used in that moment with what it used over the whole phase names who took them: one of
// the services, the broker, Redis, this client, or something else on the machine.
import { type CpuTick, type CpuTimeline, shortName } from "./cpu.js";
import type { Slowest } from "./drive.js";

/** The machine's busy time that none of the processes looked at, nor interrupts, account for. */
export const ELSEWHERE = "anything else";
/** The kernel's interrupt handlers, where Linux counts them apart from the processes. */
export const INTERRUPTS = "interrupts";

export interface TailWindow {
  /** Seconds into the phase: from the first slow dispute's submission to the last one's offer. */
  fromSeconds: number;
  toSeconds: number;
  /** Slowest disputes whose waits it spans. */
  disputes: number;
  /** Cores each process used (CPU seconds ÷ wall seconds) in the window, and over the whole phase. */
  cores: Record<string, { window: number; phase: number }>;
  /** The other processes of the machine that used the most then (a twentieth of a core or more), read about every 250 ms. */
  elsewhere: Array<{ name: string; cores: number }>;
  /** Processes started on the machine meanwhile (one that also ended between two reads is in no other figure). */
  processesStarted: number;
}

/** The processes outside `known` that used the most between two full reads of the machine, new ones too. */
function busiestElsewhere(a: CpuTick, b: CpuTick, known: Set<number>, most = 3): Array<{ name: string; cores: number }> {
  const wall = Math.max(1e-3, (b.atMs - a.atMs) / 1000);
  const used: Array<{ name: string; cores: number }> = [];
  for (const [pid, end] of b.everyProcess ?? []) {
    if (known.has(pid)) continue;
    // A process that started since the first read used all its time in between.
    const start = a.everyProcess?.get(pid);
    const cores = (end.seconds - (start && start.startedAt === end.startedAt ? start.seconds : 0)) / wall;
    if (cores >= 0.05) used.push({ name: end.name, cores });
  }
  return used.sort((x, y) => y.cores - x.cores).slice(0, most);
}

/** Cores each process, and the rest of the machine, used between two looks. */
function coresBetween(a: CpuTick, b: CpuTick): Record<string, number> {
  const wall = Math.max(1e-3, (b.atMs - a.atMs) / 1000);
  const cores: Record<string, number> = {};
  let known = 0;
  for (const [name, end] of Object.entries(b.seconds)) {
    const start = a.seconds[name];
    if (start === undefined) continue;
    cores[name] = (end - start) / wall;
    known += end - start;
  }
  const interrupts = b.interrupts - a.interrupts;
  cores[INTERRUPTS] = interrupts / wall;
  cores[ELSEWHERE] = Math.max(0, (b.machine - a.machine - interrupts - known) / wall);
  return cores;
}

/**
 * The slowest disputes' waits, each from its submission to its offer, merged where they overlap or
 * lie within `gapMs` of each other; for the `most` windows with the most disputes (in the order of
 * time), the cores each process used then against over the whole phase. `phaseStartMs` is
 * performance.now() when the phase began, from which the disputes' `atSeconds` count.
 */
export function tailWindows({ ticks, known }: CpuTimeline, phaseStartMs: number, slowest: Slowest, most = 3, gapMs = 500): TailWindow[] {
  const first = ticks[0];
  const last = ticks.at(-1);
  if (!first || !last || first === last) return [];
  const spans = slowest.map((d) => ({ from: d.atSeconds * 1000, to: d.atSeconds * 1000 + d.ms })).sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number; disputes: number }> = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous && span.from <= previous.to + gapMs) {
      previous.to = Math.max(previous.to, span.to);
      previous.disputes++;
    } else merged.push({ ...span, disputes: 1 });
  }
  const phase = coresBetween(first, last);
  const scans = ticks.filter((t) => t.everyProcess);
  return merged
    .sort((a, b) => b.disputes - a.disputes)
    .slice(0, most)
    .sort((a, b) => a.from - b.from)
    .map((w) => {
      // The looks just outside the window, so that all of it is counted.
      const before = ticks.findLast((t) => t.atMs <= phaseStartMs + w.from) ?? first;
      const after = ticks.find((t) => t.atMs >= phaseStartMs + w.to) ?? last;
      const window = coresBetween(before, after);
      const scanBefore = scans.findLast((t) => t.atMs <= phaseStartMs + w.from) ?? first;
      const scanAfter = scans.find((t) => t.atMs >= phaseStartMs + w.to) ?? last;
      return {
        fromSeconds: w.from / 1000,
        toSeconds: w.to / 1000,
        disputes: w.disputes,
        cores: Object.fromEntries(Object.entries(window).map(([name, cores]) => [name, { window: cores, phase: phase[name] ?? 0 }])),
        elsewhere: busiestElsewhere(scanBefore, scanAfter, known),
        processesStarted: after.started - before.started,
      };
    });
}

/**
 * "8.9–9.9 s, 21 disputes: anything else 0.74 [kworker/1:1H-kblockd 0.40] (0.11), intake 0.52 (0.45),
 * …; all 1.97 (1.80)": the window's cores, the largest first, the phase's in brackets.
 */
export function describeWindow(w: TailWindow): string {
  const entries = Object.entries(w.cores).sort(([, a], [, b]) => b.window - a.window);
  const all = entries.reduce((sum, [, c]) => ({ window: sum.window + c.window, phase: sum.phase + c.phase }), { window: 0, phase: 0 });
  const named = w.elsewhere.map((e) => `${e.name} ${e.cores.toFixed(2)}`).join(", ");
  const cell = ([name, c]: [string, { window: number; phase: number }]) =>
    `${shortName(name)} ${c.window.toFixed(2)}${name === ELSEWHERE && named ? ` [${named}]` : ""} (${c.phase.toFixed(2)})`;
  const started = w.processesStarted > 0 ? `; ${w.processesStarted} process${w.processesStarted === 1 ? "" : "es"} started` : "";
  return `${w.fromSeconds.toFixed(1)}–${w.toSeconds.toFixed(1)} s, ${w.disputes} disputes: ${entries.map(cell).join(", ")}; all ${all.window.toFixed(2)} (${all.phase.toFixed(2)})${started}`;
}
