// The rebuild counts in a thread of its own (count-worker.ts) while this one reads the stream: the
// two halves of the work (about three parts counting to one part reading) run side by side.
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type FromCounter, pack, type ToCounter } from "./messages.js";

/** Batches sent and not yet counted: one being counted and one waiting, so the thread never idles. */
const IN_FLIGHT = 2;

/** Starts the worker from this folder; from the sources (tests, `pnpm start`) through tsx, as the service itself. */
function startWorker(name: string, workerData: unknown): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./${name}${ext}`, import.meta.url).href;
  const load =
    ext === ".ts"
      ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`
      : `import(${JSON.stringify(url)})`;
  // A failure to load, or at the module's start, would otherwise be a rejection the thread outlives.
  const crashOnFailure = ".catch((error) => process.nextTick(() => { throw error; }))";
  return new Worker(load + crashOnFailure, { eval: true, workerData });
}

export class CountingThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private roomMade: (() => void) | undefined;
  private ended: ((counted: number) => void) | undefined;
  private failure: Error | undefined;
  private readonly failed: Promise<never>;

  /** Starts a thread that counts into a new scratch read model in `file`. */
  constructor(file: string) {
    this.worker = startWorker("count-worker", { file });
    let fail: (error: Error) => void = () => undefined;
    this.failed = new Promise<never>((_, reject) => (fail = reject));
    this.failed.catch(() => undefined);
    const stop = (error: Error) => {
      this.failure ??= error;
      fail(this.failure);
      this.roomMade?.();
    };
    this.worker.on("message", (message: FromCounter) => {
      if ("failed" in message) return stop(new Error(`the rebuild's counting failed: ${message.failed}`));
      if ("ended" in message) return this.ended?.(message.ended);
      this.inFlight--;
      this.roomMade?.();
    });
    this.worker.on("error", (error) => stop(error));
    this.worker.on("exit", (code) => stop(new Error(`the rebuild's counting thread stopped (exit code ${code})`)));
  }

  /** Sends a batch of events' bytes; resolves once there is room for the next. */
  async count(messages: Uint8Array[]): Promise<void> {
    if (this.failure) throw this.failure;
    const packed = pack(messages);
    this.inFlight++;
    this.worker.postMessage({ count: packed } satisfies ToCounter, [packed.bytes.buffer, packed.offsets.buffer]);
    while (this.inFlight >= IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.roomMade = resolve));
    if (this.failure) throw this.failure;
  }

  /** After the last batch: waits for it to be counted and the model closed; returns how many events were counted. */
  async finish(): Promise<number> {
    const ended = new Promise<number>((resolve) => (this.ended = resolve));
    this.worker.postMessage({ end: true } satisfies ToCounter);
    const counted = await Promise.race([ended, this.failed]);
    await this.stop();
    return counted;
  }

  /** Ends the thread, whatever it is doing. */
  async stop(): Promise<void> {
    this.failure ??= new Error("the rebuild's counting thread was stopped");
    await this.worker.terminate();
  }
}
