// RebuildReadModel's replay: the history counted batch after batch into a scratch model in a folder
// that is removed afterwards, whether the rebuild ends well or not.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Event, encodeEvent } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countEvent } from "../src/adapters/nats/subscriptions.js";
import { removeLeftScratch, replayIntoScratch } from "../src/adapters/rebuild/replay.js";
import { STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { rebuildAndCompare } from "../src/application/rebuild.js";

/** A history read `per` messages at a time (the replay asks for up to 2,048), failing after `failAfter` batches if given. */
const history =
  (events: Event[], per: number, failAfter?: number) => async (onBatch: (messages: Uint8Array[]) => Promise<void>, size: number) => {
    expect(size).toBe(2048);
    for (let i = 0, batch = 0; i < events.length; i += per, batch++) {
      if (batch === failAfter) throw new Error("the stream went away");
      await onBatch(events.slice(i, i + per).map(encodeEvent));
    }
    return events.length;
  };

describe("the rebuild's replay into a scratch model", () => {
  let dir: ReturnType<typeof tempDir>;
  let parent: string;
  let live: SqliteStore;
  const submitted = Array.from({ length: 300 }, (_, i) =>
    aDisputeSubmittedEvent(`d-${i}`, { centreCode: `JD0${i % 3}`, submittedAt: new Date(Date.UTC(2026, 9 + (i % 2), 10)) }),
  );
  // The stream may hold an event twice (a relay re-published it after a crash): it counts once.
  const replayed = [...submitted, submitted[5] as Event, submitted[250] as Event];

  beforeEach(async () => {
    dir = tempDir("rebuild-thread-");
    parent = join(dir.path, "rebuilds");
    mkdirSync(parent);
    live = SqliteStore.open(join(dir.path, "live.sqlite"), STATISTICS_COLLECTIONS);
    for (const event of submitted) await countEvent(live, event);
  });

  afterEach(async () => {
    await live.close();
    dir.remove();
  });

  it("counts every batch, in order, each event once, to the live model, and removes its folder", async () => {
    // 7 at a time: many batches, each its own group.
    const result = await rebuildAndCompare(live, () => replayIntoScratch(history(replayed, 7), parent));
    expect(result).toEqual({ eventsReplayed: replayed.length, differences: [] });
    expect(readdirSync(parent)).toEqual([]);
  });

  it("counts an event the stream holds twice once, also when both copies come in one batch", async () => {
    const result = await rebuildAndCompare(live, () => replayIntoScratch(history(replayed, 2048), parent));
    expect(result).toEqual({ eventsReplayed: replayed.length, differences: [] });
  });

  it("shows what the history lacks as differences", async () => {
    const result = await rebuildAndCompare(live, () => replayIntoScratch(history(submitted.slice(0, 290), 50), parent));
    expect(result.eventsReplayed).toBe(290);
    expect(result.differences.filter((d) => d.figure === "received").reduce((n, d) => n + d.live - d.rebuilt, 0)).toBeGreaterThan(0);
  });

  it("fails with the reading's error when the stream fails midway, and leaves no folder", async () => {
    await expect(rebuildAndCompare(live, () => replayIntoScratch(history(replayed, 20, 3), parent))).rejects.toThrow(
      "the stream went away",
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it("fails, naming why, when its folder cannot be made", async () => {
    const notAFolder = join(dir.path, "a-file");
    writeFileSync(notAFolder, "");
    await expect(rebuildAndCompare(live, () => replayIntoScratch(history(replayed, 50), notAFolder))).rejects.toThrow(/a-file/);
  });

  it("at start, removes the folders of rebuilds whose process is gone, and its own pid's, and nothing else", () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const folders = [
      `statistics-rebuild-${gone}-a`,
      `statistics-rebuild-${process.pid}-b`,
      `statistics-rebuild-${process.ppid}-c`,
      "other",
    ];
    for (const name of folders) mkdirSync(join(parent, name));
    expect(removeLeftScratch(parent)).toBe(2);
    expect(readdirSync(parent).sort()).toEqual(["other", `statistics-rebuild-${process.ppid}-c`]);
  });
});
