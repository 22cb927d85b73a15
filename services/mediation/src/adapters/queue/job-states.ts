// The states of many jobs of a BullMQ queue in one call to Redis. BullMQ's Queue.getJobState runs a
// script of its own for each job, and mediation reads the state of every timer it schedules
// (timer-jobs.ts): a script and a socket write a timer, about 7% of mediation's thread at saturation.
// STATES asks, for each job, what BullMQ's own state script asks (its getStateV2, Redis 6.0.6 and
// later): the same sets and lists, in the same order. test/job-states.test.ts holds the two to the
// same answers, so that an upgrade of BullMQ that keeps a job's state elsewhere fails there first.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** The queue's keys STATES reads, in the order its KEYS take them. */
const KEYS = ["completed", "failed", "delayed", "prioritized", "active", "wait", "paused", "waiting-children"];

const STATES = `
local states = {}
for i, id in ipairs(ARGV) do
  local state = 'unknown'
  if redis.call('ZSCORE', KEYS[1], id) then state = 'completed'
  elseif redis.call('ZSCORE', KEYS[2], id) then state = 'failed'
  elseif redis.call('ZSCORE', KEYS[3], id) then state = 'delayed'
  elseif redis.call('ZSCORE', KEYS[4], id) then state = 'prioritized'
  elseif redis.call('LPOS', KEYS[5], id) then state = 'active'
  elseif redis.call('LPOS', KEYS[6], id) then state = 'waiting'
  elseif redis.call('LPOS', KEYS[7], id) then state = 'waiting'
  elseif redis.call('ZSCORE', KEYS[8], id) then state = 'waiting-children'
  end
  states[i] = state
end
return states`;

/** The state of each job (BullMQ's names: "delayed", "failed", …, "unknown" for none), in the order of `ids`. */
export async function jobStates(connection: Redis, queue: Queue, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await connection.eval(STATES, KEYS.length, ...KEYS.map((key) => queue.toKey(key)), ...ids)) as string[];
}

/** The oldest Redis STATES runs on: LPOS came in 6.0.6. */
const OLDEST_REDIS = [6, 0, 6];

/**
 * Why the Redis whose `INFO server` answer this is cannot serve STATES, or undefined if it can (or
 * does not say its version). Pure, so that a version this machine's Redis is not can be tried.
 */
export function redisTooOld(info: string): string | undefined {
  const version = /^redis_version:([\d.]+)/m.exec(info)?.[1];
  if (!version) return undefined;
  const parts = version.split(".").map(Number);
  for (const [i, oldest] of OLDEST_REDIS.entries()) {
    const part = parts[i] ?? 0;
    if (part !== oldest) {
      if (part > oldest) return undefined;
      return `Redis ${version} is older than ${OLDEST_REDIS.join(".")}, which mediation's timers need (they read job states with LPOS): upgrade Redis (deploy/compose.yaml runs 7.4)`;
    }
  }
  return undefined;
}
