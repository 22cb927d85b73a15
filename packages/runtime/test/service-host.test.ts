// The host's own rules, on plain async parts and a real TCP server: reverse order, a stop during
// start, a failure during start.
import { createServer, type Server } from "node:net";
import { createLogger } from "@mediation/telemetry";
import { describe, expect, it } from "vitest";
import { StartAborted, serviceHost } from "../src/index.js";

const logger = createLogger("host-test", "silent");

/** A promise the test settles by hand: a part that is still opening. */
function pending<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const listening = () =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
const closed = (server: Server) => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));

describe("service host", () => {
  it("stops parts in reverse order of acquisition, once however often a stop is asked for", async () => {
    const host = serviceHost(logger);
    const stopped: string[] = [];
    const server = await host.acquire("listener", listening, async (s) => {
      await closed(s);
      stopped.push("listener");
    });
    for (const name of ["store", "bus", "grpc"]) {
      await host.acquire(
        name,
        async () => name,
        async () => void stopped.push(name),
      );
    }
    expect(server.listening).toBe(true);
    await Promise.all([host.stop("SIGTERM"), host.stop("SIGINT")]);
    await host.stop("again");
    expect(stopped).toEqual(["grpc", "bus", "store", "listener"]);
    expect(server.listening).toBe(false);
  });

  it("keeps stopping the other parts when one fails to stop", async () => {
    const host = serviceHost(logger);
    const stopped: string[] = [];
    await host.acquire(
      "store",
      () => "store",
      () => void stopped.push("store"),
    );
    await host.acquire(
      "bus",
      () => "bus",
      async () => {
        throw new Error("connection already gone");
      },
    );
    await host.stop("SIGTERM");
    expect(stopped).toEqual(["store"]);
  });

  it("ends the start when a stop comes while a part is still opening, and closes that part if it opens later", async () => {
    const host = serviceHost(logger);
    const stopped: string[] = [];
    const server = await host.acquire("listener", listening, async (s) => {
      await closed(s);
      stopped.push("listener");
    });
    const nats = pending<string>();
    let seenSignal: AbortSignal | undefined;
    const acquiring = host.acquire(
      "nats",
      (signal) => {
        seenSignal = signal;
        return nats.promise;
      },
      async () => void stopped.push("nats (late)"),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await host.stop("SIGTERM");
    await expect(acquiring).rejects.toBeInstanceOf(StartAborted);
    expect(seenSignal?.aborted).toBe(true);
    expect(stopped).toEqual(["listener"]);
    expect(server.listening).toBe(false);
    // Nothing is acquired after the stop, and what opens late is closed rather than leaked.
    await expect(
      host.acquire(
        "grpc",
        () => "grpc",
        () => void stopped.push("grpc"),
      ),
    ).rejects.toBeInstanceOf(StartAborted);
    nats.resolve("connection");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toEqual(["listener", "nats (late)"]);
  });

  it("ends a start-up wait when a stop comes", async () => {
    const host = serviceHost(logger);
    const waiting = host.wait(new Promise(() => undefined));
    await host.stop("SIGINT");
    await expect(waiting).rejects.toBeInstanceOf(StartAborted);
  });

  it("names the part that failed to open, and still stops what was acquired before it", async () => {
    const host = serviceHost(logger);
    const stopped: string[] = [];
    await host.acquire(
      "store",
      () => "store",
      () => void stopped.push("store"),
    );
    await expect(
      host.acquire(
        "nats",
        async () => {
          throw new Error("cannot reach NATS at nats://127.0.0.1:1");
        },
        () => void stopped.push("nats"),
      ),
    ).rejects.toThrow("could not open nats: cannot reach NATS at nats://127.0.0.1:1");
    await host.stop("start failed");
    expect(stopped).toEqual(["store"]);
  });
});
