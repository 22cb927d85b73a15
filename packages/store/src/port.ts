// The document port every service's repositories use (docs/architecture.md#stores). It is deliberately small:
// get by id, put with an expected version, find on declared fields, atomic increments with upsert,
// and transactions. Two adapters implement it: SQLite (embedded default) and MongoDB.

/** A JSON-safe value: what a document may hold. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Scalar = string | number | boolean;

/** A stored document: the fields the caller gave, plus its id and version. */
export type Stored<T> = T & { id: string; version: number };

export interface CollectionSpec {
  name: string;
  /** Top-level scalar fields that `find` may filter, range or sort on (`id` always may). */
  indexes: string[];
  /** Written on every document so that a later release can migrate old shapes. */
  schemaVersion?: number;
}

export interface Range {
  field: string;
  gt?: Scalar;
  gte?: Scalar;
  lt?: Scalar;
  lte?: Scalar;
}

export interface Query {
  where?: Record<string, Scalar>;
  range?: Range;
  sort?: { field: string; order?: "asc" | "desc" };
  limit?: number;
}

export interface Collection<T extends object> {
  get(id: string): Promise<Stored<T> | undefined>;
  /**
   * Writes the whole document. `expectedVersion` 0 means "create; it must not exist";
   * n means "replace version n". Anything else throws VersionConflict.
   */
  put(id: string, doc: T, expectedVersion: number): Promise<Stored<T>>;
  find(query?: Query): Promise<Stored<T>[]>;
  count(query?: Omit<Query, "sort" | "limit">): Promise<number>;
  /** Removes a document at `expectedVersion`; false when it was already gone. Throws VersionConflict if it moved on. */
  delete(id: string, expectedVersion: number): Promise<boolean>;
  /** Adds each delta to its numeric field, creating the document from `initial` if absent. */
  increment(id: string, deltas: Record<string, number>, initial?: Partial<T>): Promise<Stored<T>>;
}

export interface Collections {
  collection<T extends object>(name: string): Collection<T>;
}

export interface DocumentStore extends Collections {
  /**
   * Runs `fn` so that all its writes commit together or not at all. `fn` may run more than once
   * when the database asks for a retry, so it must only read and write through `tx`.
   */
  transaction<R>(fn: (tx: Collections) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}
