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
