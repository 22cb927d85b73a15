// The event-loop watchdog. On fake timers and a fake clock (a stall is the clock moving on between two
// ticks): a stall at or over the threshold is logged with its length and where the thread's time
// went; a loop on time logs nothing. Then on the real clock and Linux's real account of the thread:
// a stall spent computing is told apart from one spent blocked in the kernel.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { schedstatTimes, watchEventLoop } from "../src/event-loop-stalls.js";

type Warned = { stalledMs: number; ranMs?: number; waitedForCpuMs?: number; sleptMs?: number };

describe("the event-loop watchdog", () => {
  describe("on a fake clock", () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] }));
    afterEach(() => vi.useRealTimers());

    it("says how long the loop stalled and where the thread's time went, and nothing while it keeps time", () => {
      let clock = 0;
      const thread = { ranMs: 0, waitedMs: 0 };
      const warned: Warned[] = [];
      const stop = watchEventLoop(
        { warn: ((fields: Warned) => void warned.push(fields)) as never },
        150,
        () => clock,
        () => ({ ...thread }),
      );
      const tick = (elapsed: number, ran = 1, waited = 0) => {
        clock += elapsed;
        thread.ranMs += ran;
        thread.waitedMs += waited;
        vi.advanceTimersByTime(20);
      };
      for (let i = 0; i < 50; i++) tick(20 + (i % 3));
      expect(warned).toEqual([]);
      tick(20 + 149);
      expect(warned).toEqual([]);
      // 420 ms between two ticks: 50 running, 300 waiting for a processor, the rest asleep.
      tick(20 + 400, 50, 300);
      tick(20);
      expect(warned).toEqual([{ stalledMs: 400, ranMs: 50, waitedForCpuMs: 300, sleptMs: 70 }]);
      stop();
      tick(20 + 1000);
      expect(warned).toHaveLength(1);
    });

    it("says the stall alone where the system gives no account of the thread", () => {
      let clock = 0;
      const warned: Warned[] = [];
      const stop = watchEventLoop(
        { warn: ((fields: Warned) => void warned.push(fields)) as never },
        150,
        () => clock,
        () => undefined,
      );
      clock += 20 + 300;
      vi.advanceTimersByTime(20);
      stop();
      expect(warned).toEqual([{ stalledMs: 300 }]);
    });
  });

  describe.runIf(process.platform === "linux")("on Linux's account of the thread", () => {
    const stallOf = async (block: () => void): Promise<Warned> => {
      const warned: Warned[] = [];
      const stop = watchEventLoop({ warn: ((fields: Warned) => void warned.push(fields)) as never }, 150);
      try {
        await new Promise((resolve) => setTimeout(resolve, 60));
        block();
        await new Promise((resolve) => setTimeout(resolve, 60));
      } finally {
        stop();
      }
      // The longest: another stall of a busy machine may come in the waits around it.
      expect(warned.length).toBeGreaterThanOrEqual(1);
      return warned.reduce((a, b) => (b.stalledMs > a.stalledMs ? b : a));
    };

    it("reads the thread's times", () => {
      const times = schedstatTimes()();
      expect(times?.ranMs).toBeGreaterThan(0);
    });

    it("counts a stall spent computing as running", async () => {
      const stall = await stallOf(() => {
        const until = performance.now() + 300;
        while (performance.now() < until);
      });
      expect(stall.stalledMs).toBeGreaterThanOrEqual(250);
      // Two cores shared with other work: some of it waiting for a processor, none of it asleep.
      expect(stall.ranMs).toBeGreaterThan(stall.sleptMs as number);
      expect((stall.ranMs as number) + (stall.waitedForCpuMs as number)).toBeGreaterThanOrEqual(250);
    });

    it("counts a stall spent blocked in the kernel as asleep", async () => {
      const stall = await stallOf(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300));
      expect(stall.stalledMs).toBeGreaterThanOrEqual(250);
      expect(stall.sleptMs).toBeGreaterThanOrEqual(250);
      expect(stall.ranMs).toBeLessThan(50);
    });
  });
});
