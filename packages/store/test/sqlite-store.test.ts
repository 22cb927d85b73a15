import { spawn } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "../src/index.js";
import { describeStoreContract } from "./contract.js";
import { CONTRACT_SPECS, DISPUTES, OUTBOX } from "./contract-specs.js";

describeStoreContract("embedded SQLite", async () => {
  const dir = tempDir("store-contract-");
  const store = SqliteStore.open(join(dir.path, "store.sqlite"), CONTRACT_SPECS);
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe("embedded SQLite durability", () => {
  it("keeps every acknowledged write when the process is killed with SIGKILL", async () => {
    const dir = tempDir("store-kill-");
    const file = join(dir.path, "store.sqlite");
    const writer = spawn(
      process.execPath,
      ["--conditions=@mediation/source", "--import", "tsx", join(import.meta.dirname, "fixtures", "write-until-killed.ts"), file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const acknowledged: string[] = [];
    await new Promise<void>((resolve) => {
      let buffer = "";
      writer.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        acknowledged.push(...lines.filter(Boolean));
        if (acknowledged.length >= 200 && writer.exitCode === null && !writer.killed) {
          writer.kill("SIGKILL");
          resolve();
        }
      });
    });
    await new Promise((resolve) => writer.once("exit", resolve));

    const reopened = SqliteStore.open(file, CONTRACT_SPECS);
    try {
      const disputes = reopened.collection(DISPUTES);
      for (const id of acknowledged) expect(await disputes.get(id), `acknowledged ${id}`).toBeDefined();
      const outbox = await reopened.collection(OUTBOX).count();
      // Each write put a dispute and its outbox row in one transaction: never one without the other.
      expect(outbox).toBe(await disputes.count());
    } finally {
      await reopened.close();
      dir.remove();
    }
  }, 30_000);
});

// SQLite's COMMIT runs on the service's thread (it writes the log, and the first into a new log syncs
// the log's header): a slow one is told, so that a service's stall can be laid at the disk.
describe("embedded SQLite: slow commits", () => {
  it("tells each commit that took the threshold or longer, of a transaction and of a group, and nothing for a read", async () => {
    const dir = tempDir("store-slow-");
    // Every commit takes 0 ms or more: each is told, with its time.
    const told: number[] = [];
    const store = SqliteStore.open(join(dir.path, "store.sqlite"), CONTRACT_SPECS, {
      slowCommits: { thresholdMs: 0, report: (ms) => void told.push(ms) },
    });
    // None takes an hour: none is told.
    const never: number[] = [];
    const calm = SqliteStore.open(join(dir.path, "calm.sqlite"), CONTRACT_SPECS, {
      slowCommits: { thresholdMs: 3_600_000, report: (ms) => void never.push(ms) },
    });
    try {
      for (const s of [store, calm]) {
        await s.transaction((tx) => tx.collection(DISPUTES).put("d-1", { centre: "JD01", amount: 1, state: "OPEN" }, 0));
        await s.group(async () => {
          await s.transaction((tx) => tx.collection(DISPUTES).put("d-2", { centre: "JD01", amount: 1, state: "OPEN" }, 0));
        });
        await s.collection(DISPUTES).get("d-1");
      }
      expect(told).toHaveLength(2);
      for (const ms of told) expect(ms).toBeGreaterThanOrEqual(0);
      expect(never).toEqual([]);
    } finally {
      await store.close();
      await calm.close();
      dir.remove();
    }
  });
});
