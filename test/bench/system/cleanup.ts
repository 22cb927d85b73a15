// Everything the system benchmark starts or creates registers how to undo it here, and it is undone
// at the end, on an error, and on Ctrl-C (SIGINT) or SIGTERM: service processes, streams, Redis keys
// and temporary folders. A second Ctrl-C kills what is left at once.
import type { ChildProcess } from "node:child_process";

type Undo = { what: string; run: () => Promise<unknown> | unknown };

const undos: Undo[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;

export function onCleanup(what: string, run: () => Promise<unknown> | unknown): void {
  undos.push({ what, run });
}

/** A child process killed with SIGKILL if it is still alive when this process exits. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** Runs every undo, newest first; each failure is reported and the others still run. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (undos.length) {
      const undo = undos.pop() as Undo;
      try {
        await undo.run();
      } catch (error) {
        console.error(`  cleaning up ${undo.what} failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

let interrupted = false;
/** Whether Ctrl-C or SIGTERM stopped the run (what fails after it is the stop, not a finding). */
export const wasInterrupted = () => interrupted;

export function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      killChildren();
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${signal}: stopping the services and removing what the benchmark made...`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", killChildren);
}
