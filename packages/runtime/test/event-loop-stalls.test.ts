// The event-loop watchdog, on fake timers and a fake clock (a stall is the clock moving on between two
// ticks): a stall at or over the threshold is logged with its length; a loop on time logs nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchEventLoop } from "../src/event-loop-stalls.js";

describe("the event-loop watchdog", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] }));
  afterEach(() => vi.useRealTimers());

  it("says how long the loop stalled, and nothing while it keeps time", () => {
    let clock = 0;
    const warned: Array<{ stalledMs: number }> = [];
    const stop = watchEventLoop({ warn: ((fields: { stalledMs: number }) => void warned.push(fields)) as never }, 150, () => clock);
    const tick = (elapsed: number) => {
      clock += elapsed;
      vi.advanceTimersByTime(20);
    };
    for (let i = 0; i < 50; i++) tick(20 + (i % 3));
    expect(warned).toEqual([]);
    tick(20 + 149);
    expect(warned).toEqual([]);
    tick(20 + 400);
    tick(20);
    expect(warned).toEqual([{ stalledMs: 400 }]);
    stop();
    tick(20 + 1000);
    expect(warned).toHaveLength(1);
  });
});
