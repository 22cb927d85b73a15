// The independent client: N street centres submitting disputes over gRPC while every mediator
// watches its WatchAssignments stream, timing each dispute from the start of its SubmitDispute call
// to its offer arriving on a mediator's stream.
import { CentreClients, developmentSigner } from "@mediation/cli";
import { aDispute } from "../../support/disputes.js";
import type { Centre, Mediator } from "./centre.js";
import { wasInterrupted } from "./cleanup.js";

export const centreCode = (i: number) => `JD${String(i + 1).padStart(2, "0")}`;

/** Four mediators per street centre, enough room (1,000 open cases each) that no case waits for one. */
export const benchMediators = (centres: number): Mediator[] =>
  Array.from({ length: centres * 4 }, (_, i) => ({
    mediatorId: `M-${centreCode(i % centres)}-${Math.floor(i / centres) + 1}`,
    centreCode: centreCode(i % centres),
  }));

export interface Driver {
  /** Submits one dispute from street centre `client`; resolves with ms from the call's start to its offer. */
  submitUntilOffered(client: number, timeoutMs: number): Promise<Timed | undefined>;
  offersSince(t: number): number;
  submitted: number;
  close(): void;
}

export function startDriver(centre: Centre, clients: number, mediators: Mediator[]): Driver {
  const signer = developmentSigner(centre.authSecret, { expiresIn: "2h" });
  const streets = Array.from({ length: clients }, () => new CentreClients(centre.addresses, signer));
  const watcher = new CentreClients(centre.addresses, signer);
  const waiting = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  /** When mediation stamped each offer (its clock is this machine's), by dispute. */
  const offeredAt = new Map<string, number>();
  const offerTimes: number[] = [];
  const onOffer = (disputeId: string, stamped: Date | undefined) => {
    const at = performance.now();
    offerTimes.push(at);
    if (stamped) offeredAt.set(disputeId, stamped.getTime());
    const resolve = waiting.get(disputeId);
    if (resolve) resolve(at);
    else early.set(disputeId, at);
  };
  const cancels = mediators.map((m) =>
    watcher.watchAssignments(
      m.mediatorId,
      (offer) => onOffer(offer.disputeId, offer.offeredAt),
      (error) => {
        if (!wasInterrupted()) console.error(`  the assignment stream of ${m.mediatorId} failed: ${error.message}`);
      },
    ),
  );
  const driver: Driver = {
    submitted: 0,
    async submitUntilOffered(client, timeoutMs) {
      const began = performance.now();
      const beganEpoch = Date.now();
      const { dispute } = await (streets[client] as CentreClients).submitDispute(aDispute({ centreCode: centreCode(client) }));
      const callMs = performance.now() - began;
      const disputeId = dispute?.disputeId ?? "";
      driver.submitted++;
      const timed = (at: number): Timed => {
        const stamped = offeredAt.get(disputeId);
        offeredAt.delete(disputeId);
        return {
          disputeId,
          startedEpoch: beganEpoch,
          ms: at - began,
          callMs,
          ...(stamped !== undefined ? { offeredMs: stamped - beganEpoch } : {}),
        };
      };
      const seen = early.get(disputeId);
      if (seen !== undefined) {
        early.delete(disputeId);
        return timed(seen);
      }
      return new Promise<Timed | undefined>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(disputeId);
          offeredAt.delete(disputeId);
          resolve(undefined);
        }, timeoutMs);
        waiting.set(disputeId, (at) => {
          clearTimeout(timer);
          waiting.delete(disputeId);
          resolve(timed(at));
        });
      });
    },
    offersSince: (t) => offerTimes.filter((at) => at >= t).length,
    close: () => {
      for (const cancel of cancels) cancel();
      for (const c of [...streets, watcher]) c.close();
    },
  };
  return driver;
}

/** SubmitDispute alone, `concurrency` calls in flight from the street centres in turn, for `ms`: calls per second. */
export async function submitOnly(centre: Centre, clients: number, concurrency: number, ms: number): Promise<number> {
  const streets = Array.from({ length: clients }, () => new CentreClients(centre.addresses, developmentSigner(centre.authSecret)));
  let done = 0;
  const began = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, slot) => {
        while (performance.now() - began < ms) {
          await (streets[slot % clients] as CentreClients).submitDispute(aDispute({ centreCode: centreCode(slot % clients) }));
          done++;
        }
      }),
    );
    return (done / (performance.now() - began)) * 1000;
  } finally {
    for (const c of streets) c.close();
  }
}

/** One dispute: submit → offer seen, the SubmitDispute call alone, and when mediation stamped its offer (ms after submit). */
export interface Timed {
  disputeId: string;
  /** When its SubmitDispute call began (epoch ms). */
  startedEpoch: number;
  ms: number;
  callMs: number;
  offeredMs?: number;
}

export interface Latencies {
  count: number;
  lost: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The value at rank ⌊q·n⌋ of `sorted` (ascending), or NaN for none: every percentile the benchmark prints. */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export function latencies(samples: Array<number | undefined>): Latencies {
  const got = samples.filter((s): s is number => s !== undefined).sort((a, b) => a - b);
  const at = (q: number) => quantile(got, q);
  return { count: got.length, lost: samples.length - got.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: got.at(-1) ?? Number.NaN };
}

export interface Saturation {
  disputesPerSecond: number;
  submitsPerSecond: number;
  windowSeconds: number;
  latency: Latencies;
}

/**
 * Closed loop: each street centre keeps `inFlight` disputes between submission and offer, for
 * `warmupMs + ms`; throughput is the offers that arrived after the warm-up, per second.
 */
export async function saturate(
  driver: Driver,
  clients: number,
  inFlight: number,
  warmupMs: number,
  ms: number,
  timeoutMs: number,
): Promise<Saturation> {
  const began = performance.now();
  const measureFrom = began + warmupMs;
  const until = measureFrom + ms;
  const samples: Array<number | undefined> = [];
  let submittedBefore = 0;
  setTimeout(() => {
    submittedBefore = driver.submitted;
  }, warmupMs);
  await Promise.all(
    Array.from({ length: clients * inFlight }, async (_, slot) => {
      while (performance.now() < until) {
        const startedAt = performance.now();
        const timed = await driver.submitUntilOffered(slot % clients, timeoutMs);
        if (startedAt >= measureFrom) samples.push(timed?.ms);
      }
    }),
  );
  const windowMs = Math.min(performance.now(), until) - measureFrom;
  const offers = driver.offersSince(measureFrom) - Math.max(0, driver.offersSince(until));
  return {
    disputesPerSecond: (offers / windowMs) * 1000,
    submitsPerSecond: ((driver.submitted - submittedBefore) / (performance.now() - measureFrom)) * 1000,
    windowSeconds: windowMs / 1000,
    latency: latencies(samples),
  };
}

/** The slowest hundredth of the paced disputes: when each was submitted (seconds into the phase) and how long it took. */
export type Slowest = Array<{ atSeconds: number } & Timed>;

/**
 * Open loop: one dispute every 1/rate seconds, street centres in turn, for `ms`; then waits for the
 * last offers. Also says when the slowest were submitted: bunched together, they waited out one stall.
 */
export async function paced(
  driver: Driver,
  clients: number,
  perSecond: number,
  ms: number,
  timeoutMs: number,
): Promise<Latencies & { slowest: Slowest; timed: Timed[] }> {
  const interval = 1000 / perSecond;
  const count = Math.max(1, Math.floor((ms / 1000) * perSecond));
  const began = performance.now();
  const pending: Array<Promise<{ atSeconds: number; timed: Timed | undefined }>> = [];
  for (let i = 0; i < count; i++) {
    const due = began + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const atSeconds = (performance.now() - began) / 1000;
    pending.push(
      driver.submitUntilOffered(i % clients, timeoutMs).then(
        (timed) => ({ atSeconds, timed }),
        () => ({ atSeconds, timed: undefined }),
      ),
    );
  }
  const samples = await Promise.all(pending);
  const timed = samples.flatMap((s) => (s.timed ? [{ atSeconds: s.atSeconds, ...s.timed }] : []));
  const slowest = [...timed].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(samples.length / 100)));
  return { ...latencies(samples.map((s) => s.timed?.ms)), slowest: slowest.sort((a, b) => a.atSeconds - b.atSeconds), timed };
}
