// `mediation keys reseal --service intake|mediation` (docs/architecture.md#key-rotation): moves every data key of
// the service's store to the newest key (PII_KEY under PII_KEY_ID), opening the old ones with PII_OLD_KEYS. It runs
// against the service's own store with the service's settings, while the service keeps taking traffic; stopped, it
// is run again and goes on where it was (what moved is no longer found).
import { join } from "node:path";
import { loadConfig, piiKeySchema, piiKeysOf, z } from "@mediation/config";
import { openStore } from "@mediation/store";
import { DATA_KEYS, KeyRing, type ResealResult, resealDataKeys } from "@mediation/store/sealing";
import { REPO_ROOT } from "../centre/launch.js";
import { developmentSecret } from "../credentials.js";
import { UsageError } from "../money.js";
import type { Output } from "../output.js";

const SEALING_SERVICES = ["intake", "mediation"] as const;

const storeSchema = { ...piiKeySchema, MONGO_URL: z.string().optional(), DATA_DIR: z.string().optional() };

/** The service's store and keys from the environment; on a machine started with pnpm start, its development ones. */
export function sealingSettings(service: string, env: Record<string, string | undefined> = process.env) {
  const dev = join(REPO_ROOT, ".data");
  const config = loadConfig(storeSchema, { ...env, PII_KEY: env.PII_KEY ?? developmentSecret(dev, false, "dev-pii-key") });
  return {
    ring: new KeyRing(piiKeysOf(config)),
    store: { service, mongoUrl: config.MONGO_URL, dataDir: config.MONGO_URL ? undefined : (config.DATA_DIR ?? join(dev, service)) },
  };
}

export async function keys(rest: string[], values: { service?: string | undefined }, out: Output): Promise<void> {
  if (rest[0] !== "reseal") throw new UsageError(`unknown keys command "${rest[0] ?? ""}"; try: mediation keys reseal --service intake`);
  const service = values.service ?? "";
  if (!(SEALING_SERVICES as readonly string[]).includes(service)) throw new UsageError("--service must be intake or mediation");
  const { ring, store: where } = sealingSettings(service);
  const store = await openStore(where, [DATA_KEYS]);
  try {
    out.progress(`re-sealing ${service}'s data keys with key "${ring.newestId}" (old keys: ${ring.olderIds.join(", ") || "none"})`);
    const result: ResealResult = await resealDataKeys(store, ring, {
      onProgress: (p) => out.progress(`  ${p.moved}/${p.total} data keys moved`),
    });
    out.result(result, () =>
      [
        `${result.moved} of ${result.total} data keys now wrapped by "${result.newestId}".`,
        result.unknown > 0
          ? `${result.unknown} data keys are wrapped by a key this configuration does not hold: add it to PII_OLD_KEYS and run again.`
          : "Every data key is wrapped by the newest key; older keys may be removed from PII_OLD_KEYS.",
      ].join("\n"),
    );
  } finally {
    await store.close();
  }
}
