export { UndeclaredIndex, VersionConflict } from "./errors.js";
export { MongoStore } from "./mongo-store.js";
export { openStore, type StoreOptions } from "./open-store.js";
export type { Collection, CollectionSpec, Collections, DocumentStore, Json, Query, Range, Scalar, Stored } from "./port.js";
export { SqliteStore } from "./sqlite-store.js";
