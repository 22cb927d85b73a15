// RebuildReadModel's replay: the history counted batch after batch into a scratch model in a folder
// that is removed afterwards, whether the rebuild ends well or not.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { common, type Event, encodeEvent, events, newEvent, withdrawnByCodec } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countEvent } from "../src/adapters/nats/subscriptions.js";
import { removeLeftScratch, replayIntoScratch } from "../src/adapters/rebuild/replay.js";
import { DISPUTE_OWNERS, STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { rebuildAndCompare } from "../src/application/rebuild.js";

/**
 * Disputes' lives with every kind of counting: routed, an offer declined (it counts nothing), accepted
 * and closed; every fifth withdrawn, its withdrawal arriving before its routing (the withdrawal then
 * moves to the channel routed to).
 */
function lives(n: number): Event[] {
  const at = (day: number) => new Date(Date.UTC(2026, 9, day, 2));
  const ids = { correlationId: "c", causationId: "test" };
  const all: Event[] = [];
  for (let i = 0; i < n; i++) {
    const facts = { disputeId: `L${i}`, centreCode: `JD0${i % 3}`, category: common.Category.CATEGORY_FAMILY };
    const routing = { ...facts, channel: common.Channel.CHANNEL_PEOPLES_MEDIATION, submittedAt: at(1) };
    const onChannel = { ...routing, caseId: `C${i}` };
    const owned = { caseId: `C${i}`, disputeId: facts.disputeId, centreCode: facts.centreCode };
    const routed = newEvent(
      {
        $case: "disputeRouted",
        value: events.DisputeRouted.fromPartial({ ...routing, mediationFirst: true, routedAt: at(2), sequence: 1 }),
      },
      ids,
    );
    const declined = newEvent(
      { $case: "offerDeclined", value: events.OfferDeclined.fromPartial({ ...owned, mediatorId: "M2", declinedAt: at(3) }) },
      ids,
    );
    const accepted = newEvent(
      { $case: "offerAccepted", value: events.OfferAccepted.fromPartial({ ...onChannel, mediatorId: "M1", acceptedAt: at(3) }) },
      ids,
    );
    const closed = newEvent(
      {
        $case: "caseClosed",
        value: events.CaseClosed.fromPartial({
          ...onChannel,
          mediatorId: "M1",
          outcome: common.Outcome.OUTCOME_AGREEMENT,
          acceptedAt: at(3),
          closedAt: at(5),
        }),
      },
      ids,
    );
    const withdrawn = newEvent(
      {
        $case: "disputeWithdrawn",
        value: events.DisputeWithdrawn.fromPartial({
          ...facts,
          withdrawnBy: withdrawnByCodec.fromCode("CLAIMANT"),
          withdrawnAt: at(4),
          submittedAt: at(1),
        }),
      },
      ids,
    );
    const submitted = aDisputeSubmittedEvent(facts.disputeId, { centreCode: facts.centreCode, submittedAt: at(1) });
    all.push(...(i % 5 === 0 ? [submitted, withdrawn, routed] : [submitted, routed, declined, accepted, closed]));
  }
  return all;
}

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
  // The same, a copy inside the first 32 events (the replay records 32 at a time as applied).
  const copiedEarly = [...submitted.slice(0, 10), submitted[5] as Event, ...submitted.slice(10)];

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
    expect(result).toMatchObject({ eventsReplayed: replayed.length, differences: [] });
    expect(readdirSync(parent)).toEqual([]);
  });

  it("counts an event the stream holds twice once, also when both copies come in one batch and one part of it", async () => {
    for (const stream of [replayed, copiedEarly]) {
      const result = await rebuildAndCompare(live, () => replayIntoScratch(history(stream, 2048), parent));
      expect(result).toMatchObject({ eventsReplayed: stream.length, differences: [] });
    }
  });

  it("counts a mixed history as live counting does, each copy of an event once, in one part or two, past a message that is no event", async () => {
    const life = lives(60);
    // Copies of a routing, a withdrawal and an offer declined: one among the same 32 messages as its original (the replay
    // records 32 at a time as applied), the others in later ones, and all again at the end.
    const copies = [life[2], life[31], life[7], life[5]] as Event[];
    const stream = [...life.slice(0, 40), ...copies, ...life.slice(40), ...copies];
    const liveModel = SqliteStore.open(join(dir.path, "mixed.sqlite"), STATISTICS_COLLECTIONS);
    try {
      for (const event of stream) await countEvent(liveModel, event);
      const messages = stream.map(encodeEvent);
      messages.splice(20, 0, new Uint8Array([0xff, 0xff, 0xff]));
      const result = await rebuildAndCompare(liveModel, () =>
        replayIntoScratch(async (onBatch) => {
          await onBatch(messages);
          return messages.length;
        }, parent),
      );
      expect(result).toMatchObject({ eventsReplayed: stream.length, differences: [] });
      // Not a comparison of two empty models: the owners and the moved withdrawals are there.
      expect(await liveModel.collection(DISPUTE_OWNERS).count()).toBe(60);
      expect(stream.filter((e) => e.payload?.$case === "offerDeclined").length).toBeGreaterThan(0);
    } finally {
      await liveModel.close();
    }
  });

  it("says how long the replay took and how long the comparison after it", async () => {
    // A history read slowly: 40 ms before each of its 6 batches.
    const slow = history(replayed, 50);
    const began = performance.now();
    const result = await rebuildAndCompare(live, () =>
      replayIntoScratch(
        (onBatch, size) =>
          slow(async (messages) => {
            await new Promise((resolve) => setTimeout(resolve, 40));
            await onBatch(messages);
          }, size),
        parent,
      ),
    );
    const wall = performance.now() - began;
    expect(result.replayMs).toBeGreaterThanOrEqual(6 * 40 - 5);
    expect(result.compareMs).toBeGreaterThan(0);
    expect(result.replayMs + result.compareMs).toBeLessThanOrEqual(wall);
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
