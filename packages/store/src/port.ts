// The document port every service's repositories use (docs/architecture.md#stores). It is deliberately small:
// get by id, put with an expected version, find on declared fields, atomic increments with upsert,
// and transactions. Two adapters implement it: SQLite (embedded default) and MongoDB.

/** A JSON-safe value: what a document may hold. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Scalar = string | number | boolean;

/** A stored document: the fields the caller gave, plus its id and version. */
export type Stored<T> = T & { id: string; version: number };

declare const documentType: unique symbol;

/** A collection's declaration; `T` is the type of its documents (see defineCollection). */
export interface CollectionSpec<T extends object = object> {
  name: string;
  /** Top-level scalar fields that `find` may filter, range or sort on (`id` always may). */
  indexes: string[];
  /**
   * Indexes over several fields, for a query that filters on all of them at once (e.g. a
   * mediator's open cases: `["holderId", "open"]`), so that its cost does not grow with the rows
   * that match only the first field. Each field must also be in `indexes`, or be `id`: with
   * `["open", "id"]` the open ones are read a page at a time in id order without sorting them all.
   */
  compound?: string[][];
  /** Written on every document so that a later release can migrate old shapes. */
  schemaVersion?: number;
  /** Type only, never set: the documents' type, so that `collection(spec)` is typed from the declaration. */
  readonly [documentType]?: T;
}

/** Declares a collection of `T` documents: `defineCollection<Dispute>("disputes", { indexes: ["centreCode"] })`. */
export function defineCollection<T extends object>(
  name: string,
  options: { indexes: Array<keyof T & string>; compound?: Array<Array<(keyof T & string) | "id">>; schemaVersion?: number },
): CollectionSpec<T> {
  return {
    name,
    indexes: options.indexes,
    ...(options.compound === undefined ? {} : { compound: options.compound }),
    ...(options.schemaVersion === undefined ? {} : { schemaVersion: options.schemaVersion }),
  };
}

/** A stored document without its id and version: the fields as the caller gave them. */
export function documentOf<T extends object>({ id: _id, version: _version, ...doc }: Stored<T>): T {
  return doc as unknown as T;
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
  /**
   * increment without the document in answer, for counters nobody reads while counting. Inside a
   * group (DocumentStore.group) an adapter may gather a document's additions and write them once,
   * when the group commits or before anything in it reads or writes that collection; a transaction of the
   * group that fails takes its own back. A field that is not a number is then refused at that
   * write, failing the group. Outside a group it is increment.
   */
  add(id: string, deltas: Record<string, number>, initial?: Partial<T>): Promise<void>;
  /**
   * add for each, in order, in one call: one event's counts in many scopes (one round trip to MongoDB,
   * one promise instead of one per scope). Inside a transaction they commit or roll back with it; in a
   * group they are gathered as add's are. Outside both, MongoDB keeps those before one that fails.
   */
  addAll(additions: ReadonlyArray<Addition<T>>): Promise<void>;
}

/** One document's additions (Collection.addAll). */
export interface Addition<T> {
  id: string;
  deltas: Record<string, number>;
  initial?: Partial<T>;
}

export interface Collections {
  /** The declared collection, typed from its declaration; throws UndeclaredIndex if the store was not opened with it. */
  collection<T extends object>(spec: CollectionSpec<T>): Collection<T>;
}

export interface TransactionOptions {
  /**
   * false: committed to the database file but not forced to disk, so it survives a crash of the
   * process but may be lost with the machine's power. Only for writes that are safe to lose, such as
   * marking outbox rows sent (lost, the rows are published again and deduplicated) or pruning.
   * A later durable commit makes it durable too. Default true.
   */
  durable?: boolean;
}

export interface DocumentStore extends Collections {
  /**
   * Runs `fn` so that all its writes commit together or not at all. `fn` may run more than once
   * when the database asks for a retry, so it must only read and write through `tx`.
   */
  transaction<R>(fn: (tx: Collections) => Promise<R>, options?: TransactionOptions): Promise<R>;
  /**
   * Group commit: runs `fn` so that the transactions and writes it starts (in its async context)
   * commit together, once, when it returns; each transaction inside becomes a savepoint, so one
   * that fails undoes only itself. If the commit fails nothing of the group is stored. Work that
   * `fn` starts (timers, callbacks) joins the group while it is open; other callers wait. An adapter
   * without it (MongoDB) runs `fn` as is: each transaction commits on its own. The one exception is
   * SQLite's scratch store (SqliteStore.open), for a copy thrown away on failure: there a transaction
   * that fails fails the whole group.
   */
  group<R>(fn: () => Promise<R>): Promise<R>;
  close(): Promise<void>;
}
