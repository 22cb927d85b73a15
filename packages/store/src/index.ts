export { UndeclaredIndex, VersionConflict } from "./errors.js";
export { openStore, type StoreOptions } from "./open-store.js";
export {
  type Addition,
  type Collection,
  type CollectionSpec,
  type Collections,
  type DocumentStore,
  defineCollection,
  documentOf,
  type Json,
  type Query,
  type Range,
  type Scalar,
  type Stored,
  type TransactionOptions,
} from "./port.js";
export { type SlowCommits, SqliteStore } from "./sqlite-store.js";
