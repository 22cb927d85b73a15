// `pnpm bench checkpoint`: how long the embedded store holds its thread while its write-ahead log is
// copied into the database (packages/store/src/wal-checkpoint.ts), against SQLite's own checkpoint
// inside COMMIT as the baseline, measured in the same run on the same disk. Sixteen writers commit
// 1.5 kB documents at a steady rate (BENCH_CHECKPOINT_RATE) for a fixed time while a neighbour
// process writes and syncs another file, as the other services and the broker do beside a service.
// Figures are printed, not asserted.
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { defineCollection, SqliteStore } from "@mediation/store";
import { tempDir } from "@mediation/testkit";
import type Database from "better-sqlite3";
import { quantile } from "./system/drive.js";

const SECONDS = Number(process.env.BENCH_CHECKPOINT_SECONDS ?? 15);
/** Transactions a second in all: about what one service commits at the paced phase of `pnpm bench system`. */
const RATE = Number(process.env.BENCH_CHECKPOINT_RATE ?? 600);
const WRITERS = 16;
const DOCS = defineCollection<{ centre: string; category: string; n: number; text: string }>("docs", {
  indexes: ["centre", "category", "n"],
});
const TEXT = "案".repeat(500);

/** Another process writing 4 MB and syncing it, over and over, until stopped. */
function diskNeighbour(file: string): ChildProcess {
  const script = `const fs=require("node:fs");const fd=fs.openSync(${JSON.stringify(file)},"w");const b=Buffer.alloc(4194304,1);let i=0;
    for(;;){fs.writeSync(fd,b,0,b.length,(i++%16)*b.length);fs.fdatasyncSync(fd);}`;
  return spawn(process.execPath, ["-e", script], { stdio: "ignore" });
}

interface Side {
  name: string;
  transactions: number;
  loopDelayMs: { p50: number; p99: number; max: number };
  commitMs: { p99: number; max: number };
  answerMs: { p50: number; p99: number; max: number };
  logMb: number;
}

async function run(name: string, dir: string, sqliteCheckpoints: boolean): Promise<Side> {
  const file = join(dir, `${sqliteCheckpoints ? "sqlite" : "store"}.sqlite`);
  const commits: number[] = [];
  /** Each transaction's time from its call to its answer: the store's queue waits show here. */
  const answers: number[] = [];
  const slowCommits = { thresholdMs: 0, report: (ms: number) => commits.push(ms) };
  // The baseline: the store's own checkpoints never begin, and SQLite's automatic one is back on,
  // every 1,000 pages inside a COMMIT, as the store ran before wal-checkpoint.ts.
  const never = { everyMs: Number.POSITIVE_INFINITY, everyCommits: Number.POSITIVE_INFINITY, restartFrames: Number.POSITIVE_INFINITY };
  const store = SqliteStore.open(file, [DOCS], sqliteCheckpoints ? { slowCommits, checkpoints: never } : { slowCommits });
  if (sqliteCheckpoints) (store as unknown as { db: Database.Database }).db.pragma("wal_autocheckpoint = 1000");
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const began = performance.now();
  const until = began + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const n = i * WRITERS + w;
        // The n-th transaction is due at n ÷ RATE seconds.
        const wait = began + (n / RATE) * 1000 - performance.now();
        if (wait > 0) await sleep(wait);
        const asked = performance.now();
        await store.transaction((tx) =>
          tx.collection(DOCS).put(`d${n}`, { centre: `JD${n % 14}`, category: `C${n % 9}`, n, text: TEXT }, 0),
        );
        answers.push(performance.now() - asked);
      }
    }),
  );
  delay.disable();
  const logMb = statSync(`${file}-wal`).size / 1e6;
  await store.close();
  commits.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  return {
    name,
    transactions: answers.length,
    loopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
    commitMs: { p99: quantile(commits, 0.99), max: commits.at(-1) ?? 0 },
    answerMs: { p50: quantile(answers, 0.5), p99: quantile(answers, 0.99), max: answers.at(-1) ?? 0 },
    logMb,
  };
}

const dir = tempDir("bench-checkpoint-");
const neighbour = diskNeighbour(join(dir.path, "neighbour.bin"));
try {
  console.log(
    `Checkpoints: ${WRITERS} writers, ${RATE} transactions a second in all, for ${SECONDS} s on each side, a neighbour syncing 4 MB writes beside them...`,
  );
  const baseline = await run("SQLite's checkpoint in COMMIT (baseline)", dir.path, true);
  const subject = await run("the store's checkpoint (wal-checkpoint.ts)", dir.path, false);
  const ms = (v: number) => v.toFixed(1).padStart(7);
  const three = (f: { p50: number; p99: number; max: number }) => `${ms(f.p50)} ${ms(f.p99)} ${ms(f.max)}`;
  console.log(
    `\n  ${"".padEnd(44)} ${"tx/s".padStart(7)}  answer p50 / p99 / max ms   loop delay p50 / p99 / max ms   COMMIT p99 / max ms   log MB`,
  );
  for (const side of [baseline, subject]) {
    const rate = (side.transactions / SECONDS).toFixed(0).padStart(7);
    const commit = `${ms(side.commitMs.p99)} ${ms(side.commitMs.max)}`;
    console.log(
      `  ${side.name.padEnd(44)} ${rate}  ${three(side.answerMs)}  ${three(side.loopDelayMs)}    ${commit}   ${side.logMb.toFixed(1).padStart(6)}`,
    );
  }
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "—");
  const of = (pick: (side: Side) => number) => ratio(pick(subject), pick(baseline));
  console.log(
    `  ratios (subject ÷ baseline): tx/s ${of((x) => x.transactions)}; answer p99 ${of((x) => x.answerMs.p99)}, max ${of((x) => x.answerMs.max)}; ` +
      `loop delay p99 ${of((x) => x.loopDelayMs.p99)}, max ${of((x) => x.loopDelayMs.max)}; COMMIT max ${of((x) => x.commitMs.max)}`,
  );
} finally {
  neighbour.kill("SIGKILL");
  dir.remove();
}
process.exit(0);
