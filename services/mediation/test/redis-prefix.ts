// A test's queue prefix keeps its keys apart in the shared Redis; this removes them all afterwards
// (BullMQ's, the case sets, the sweep's marks), so that nothing of the test stays behind.
import { Redis } from "ioredis";

export async function deleteKeysUnder(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
