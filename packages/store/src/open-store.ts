import { join } from "node:path";
import type { CollectionSpec, DocumentStore } from "./port.js";
import { type SlowCommits, SqliteStore } from "./sqlite-store.js";

export interface StoreOptions {
  /** The service's name: its MongoDB database and its folder under the data dir. */
  service: string;
  /** When set, MongoDB is used; otherwise the embedded store. */
  mongoUrl?: string | undefined;
  /** Folder for the embedded store; default `.data/<service>` under the working directory. */
  dataDir?: string | undefined;
  /** The embedded store's slow commits, told (MongoDB's are its server's to tell). */
  slowCommits?: SlowCommits | undefined;
}

/** Opens the service's own database with its declared collections. */
export async function openStore(options: StoreOptions, specs: CollectionSpec[]): Promise<DocumentStore> {
  if (options.mongoUrl) {
    // Loaded only when used: the MongoDB driver costs a service using the embedded store a quarter of a second at start.
    const { MongoStore } = await import("./mongo-store.js");
    return MongoStore.open(options.mongoUrl, `mediation_${options.service}`, specs);
  }
  const dir = options.dataDir ?? join(process.cwd(), ".data", options.service);
  return SqliteStore.open(join(dir, `${options.service}.sqlite`), specs, { slowCommits: options.slowCommits });
}
