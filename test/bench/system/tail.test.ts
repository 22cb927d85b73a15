import { describe, expect, it } from "vitest";
import type { CpuTick } from "./cpu.js";
import { describeWindow, ELSEWHERE, INTERRUPTS, tailWindows } from "./tail.js";

/** A look at `atMs`, with CPU seconds so far for intake and the machine, and every process's if given. */
const tick = (atMs: number, intake: number, machine: number, others?: Record<number, [string, number]>, interrupts = 0): CpuTick => ({
  atMs,
  seconds: { intake },
  machine,
  interrupts,
  // One process started on the machine each second from the phase's third second on.
  started: Math.max(0, atMs / 1000 - 2),
  ...(others
    ? {
        everyProcess: new Map(
          Object.entries(others).map(([pid, [name, seconds]]) => [Number(pid), { name, startedAt: Number(pid), seconds }]),
        ),
      }
    : {}),
});
const slow = (atSeconds: number, ms: number) => ({ atSeconds, ms, callMs: 0, disputeId: `d${atSeconds}`, startedEpoch: 0 });

describe("tailWindows", () => {
  // A phase from 1,000 ms to 4,000 ms: intake uses half a core throughout; between 2,000 and 3,000 ms
  // another process (pid 7, a kernel worker) takes a whole core, and the machine's busy time shows it.
  const ticks = [
    tick(1000, 0, 0, { 7: ["kworker/1:1H-kblockd", 0.5], 8: ["idle-ish", 0] }),
    tick(2000, 0.5, 0.5, { 7: ["kworker/1:1H-kblockd", 0.5], 8: ["idle-ish", 0.01] }),
    tick(3000, 1.0, 2.0, { 7: ["kworker/1:1H-events", 1.5], 8: ["idle-ish", 0.02], 9: ["short-lived", 0.04] }),
    // The last second: 0.3 of the machine's busy time in interrupts, apart from any process.
    tick(4000, 1.5, 2.8, { 7: ["kworker/1:1H-mm_percpu_wq", 1.5], 8: ["idle-ish", 0.03], 10: ["sh", 0.25] }, 0.3),
  ];
  const timeline = { ticks, known: new Set<number>() };

  it("merges the slowest disputes' waits that overlap or lie close, and names what else took the cores then", () => {
    // Three disputes waiting within 2.1–2.9 s of the phase (phase began at 0 ms), one alone at 0.2 s.
    const windows = tailWindows(timeline, 0, [slow(0.2, 100), slow(2.1, 300), slow(2.3, 400), slow(2.5, 400)]);
    expect(windows.map((w) => [w.fromSeconds, w.toSeconds, w.disputes])).toEqual([
      [0.2, 0.3, 1],
      [2.1, 2.9, 3],
    ]);
    const bunch = windows[1];
    expect(bunch?.cores.intake).toEqual({ window: 0.5, phase: 0.5 });
    // The machine was busy 1.5 cores then, intake 0.5 of them: 1 core elsewhere, against a third on average.
    expect(bunch?.cores[ELSEWHERE]?.window).toBeCloseTo(1, 5);
    expect(bunch?.cores[ELSEWHERE]?.phase).toBeCloseTo(1 / 3, 5);
    expect(bunch?.cores[INTERRUPTS]?.window).toBe(0);
    expect(bunch?.cores[INTERRUPTS]?.phase).toBeCloseTo(0.1, 5);
    // A kernel worker's name says the work it does last: the same process under another name.
    expect(bunch?.elsewhere).toEqual([{ name: "kworker/1:1H-events", cores: 1 }]);
    expect(describeWindow(bunch as never)).toBe(
      "2.1–2.9 s, 3 disputes: anything else 1.00 [kworker/1:1H-events 1.00] (0.33), intake 0.50 (0.50), interrupts 0.00 (0.10); all 1.50 (0.93); 1 process started",
    );
  });

  it("keeps the windows with the most disputes, in the order of time, and leaves out the processes it looks at by name", () => {
    const known = { ticks, known: new Set([7]) };
    const windows = tailWindows(known, 0, [slow(0.2, 100), slow(1.5, 10), slow(2.1, 300), slow(2.3, 400)], 1);
    expect(windows.map((w) => w.disputes)).toEqual([2]);
    expect(windows[0]?.elsewhere).toEqual([]);
  });

  it("counts a process that started within the window with all its time, and one under 0.05 of a core not at all", () => {
    const [late] = tailWindows(timeline, 0, [slow(3.1, 500), slow(3.2, 500)]);
    expect(late?.elsewhere).toEqual([{ name: "sh", cores: 0.25 }]);
    expect(late?.processesStarted).toBe(1);
  });
});
