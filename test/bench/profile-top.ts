// The functions that took the most time in a V8 CPU profile (`node --cpu-prof`, BENCH_CPU_PROF), within a
// window of seconds from the profile's start (the benchmarks print each phase's window):
//   node --import tsx test/bench/profile-top.ts <file.cpuprofile> [from s] [to s] [rows]
// Self time is where the samples fell; inclusive time counts a function once per sample while it is on the
// stack. Both are shares of the busy samples (idle left out). The profiler samples the thread's wall time,
// so a synchronous wait (SQLite's fsync at a commit) counts as time of the function that waits.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, from = "0", to = "1e9", rows = "20"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node --import tsx test/bench/profile-top.ts <file.cpuprofile> [from seconds] [to seconds] [rows]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${basename(node.callFrame.url)}`.trim();

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us);
let at = 0;
let busy = 0;
for (const [i, id] of profile.samples.entries()) {
  at += profile.timeDeltas[i] ?? 0;
  if (at < Number(from) * 1e6 || at > Number(to) * 1e6) continue;
  const us = profile.timeDeltas[i + 1] ?? 0;
  const node = byId.get(id) as ProfileNode;
  if (node.callFrame.functionName === "(idle)") continue;
  busy += us;
  add(self, nameOf(node), us);
  const seen = new Set<string>();
  for (let up: number | undefined = id; up !== undefined; up = parentOf.get(up)) {
    const name = nameOf(byId.get(up) as ProfileNode);
    if (!seen.has(name)) add(inclusive, name, us);
    seen.add(name);
  }
}

const print = (title: string, m: Map<string, number>) => {
  console.log(`${title}, share of ${(busy / 1e6).toFixed(2)} s of busy samples`);
  for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(rows)))
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${name}`);
};
print("self", self);
print("inclusive", inclusive);
