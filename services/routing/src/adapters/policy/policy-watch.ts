import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { resolve } from "node:path";

export function readPolicyFile(path: string): { text: string; from: string } {
  const from = resolve(path);
  try {
    return { text: readFileSync(from, "utf8"), from };
  } catch (error) {
    throw new Error(`cannot read the routing policy ${from}: ${(error as Error).message}; set ROUTING_POLICY_FILE to a policy YAML file`);
  }
}

/** Calls `onChange` when the file changes (polled, so it works on every file system). */
export function watchPolicyFile(path: string, onChange: () => void, intervalMs = 500): () => void {
  const listener = () => onChange();
  watchFile(path, { interval: intervalMs }, listener);
  return () => unwatchFile(path, listener);
}
