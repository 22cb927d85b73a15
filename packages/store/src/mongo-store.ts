// The production adapter (docs/architecture.md#stores): MongoDB through the official driver, one database per
// service, indexes declared in code. Transactions need a replica set (a one-node set is enough).
import { type ClientSession, type Db, type Filter, MongoClient, type Collection as MongoCollection, MongoServerError } from "mongodb";
import { Declared, indexesToBuild } from "./declared.js";
import { VersionConflict } from "./errors.js";
import type { Addition, Collection, CollectionSpec, Collections, DocumentStore, Query, Stored, TransactionOptions } from "./port.js";

type Raw = { _id: string; _v: number; _schema: number } & Record<string, unknown>;

const DUPLICATE_KEY = 11000;
const mongoField = (field: string) => (field === "id" ? "_id" : field);

function toFilter(query: Omit<Query, "sort" | "limit">): Filter<Raw> {
  const filter: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(query.where ?? {})) filter[mongoField(field)] = value;
  const range = query.range;
  if (range) {
    const bounds: Record<string, unknown> = {};
    if (range.gt !== undefined) bounds.$gt = range.gt;
    if (range.gte !== undefined) bounds.$gte = range.gte;
    if (range.lt !== undefined) bounds.$lt = range.lt;
    if (range.lte !== undefined) bounds.$lte = range.lte;
    const key = mongoField(range.field);
    filter[key] = typeof filter[key] === "object" ? { ...(filter[key] as object), ...bounds } : bounds;
  }
  return filter as Filter<Raw>;
}

class MongoDocuments<T extends object> implements Collection<T> {
  constructor(
    private readonly raw: MongoCollection<Raw>,
    private readonly declared: Declared,
    private readonly spec: CollectionSpec,
    private readonly session: ClientSession | undefined,
  ) {}

  async get(id: string): Promise<Stored<T> | undefined> {
    const found = await this.raw.findOne({ _id: id }, { session: this.session });
    return found ? this.toStored(found) : undefined;
  }

  async put(id: string, doc: T, expectedVersion: number): Promise<Stored<T>> {
    const { id: _id, version: _version, ...fields } = doc as Record<string, unknown>;
    const body = { ...fields, _schema: this.spec.schemaVersion ?? 1 };
    if (expectedVersion === 0) {
      try {
        await this.raw.insertOne({ ...body, _id: id, _v: 1 } as Raw, { session: this.session });
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
          throw new VersionConflict(this.spec.name, id, 0, (await this.get(id))?.version ?? 1);
        }
        throw error;
      }
    } else {
      const result = await this.raw.replaceOne({ _id: id, _v: expectedVersion }, { ...body, _v: expectedVersion + 1 } as Raw, {
        session: this.session,
      });
      if (result.matchedCount !== 1) {
        throw new VersionConflict(this.spec.name, id, expectedVersion, (await this.get(id))?.version ?? 0);
      }
    }
    return { ...(fields as T), id, version: expectedVersion + 1 };
  }

  async delete(id: string, expectedVersion: number): Promise<boolean> {
    const result = await this.raw.deleteOne({ _id: id, _v: expectedVersion }, { session: this.session });
    if (result.deletedCount === 1) return true;
    const actual = (await this.get(id))?.version;
    if (actual === undefined) return false;
    throw new VersionConflict(this.spec.name, id, expectedVersion, actual);
  }

  async find(query: Query = {}): Promise<Stored<T>[]> {
    this.declared.checkQuery(this.spec.name, query);
    let cursor = this.raw.find(toFilter(query), { session: this.session });
    if (query.sort) {
      const direction = query.sort.order === "desc" ? -1 : 1;
      cursor = cursor.sort({ [mongoField(query.sort.field)]: direction, _id: 1 });
    }
    if (query.limit !== undefined) cursor = cursor.limit(Math.max(0, Math.floor(query.limit)));
    return (await cursor.toArray()).map((raw) => this.toStored(raw));
  }

  async count(query: Omit<Query, "sort" | "limit"> = {}): Promise<number> {
    this.declared.checkQuery(this.spec.name, query);
    return this.raw.countDocuments(toFilter(query), { session: this.session });
  }

  async add(id: string, deltas: Record<string, number>, initial: Partial<T> = {}): Promise<void> {
    await this.increment(id, deltas, initial);
  }

  /** In order, in one bulk write of the transaction's session: one round trip for all. */
  async addAll(additions: ReadonlyArray<Addition<T>>): Promise<void> {
    if (additions.length === 0) return;
    await this.raw.bulkWrite(
      additions.map(({ id, deltas, initial }) => ({
        updateOne: { filter: { _id: id }, update: this.incrementOf(deltas, initial ?? {}) as never, upsert: true },
      })),
      { ordered: true, session: this.session },
    );
  }

  async increment(id: string, deltas: Record<string, number>, initial: Partial<T> = {}): Promise<Stored<T>> {
    const updated = await this.raw.findOneAndUpdate({ _id: id }, this.incrementOf(deltas, initial) as never, {
      upsert: true,
      returnDocument: "after",
      session: this.session,
    });
    if (!updated) throw new Error(`increment of ${this.spec.name}/${id} returned nothing`);
    return this.toStored(updated);
  }

  /** The update that adds `deltas`, creating the document from `initial` if absent. */
  private incrementOf(deltas: Record<string, number>, initial: Partial<T>) {
    const onInsert: Record<string, unknown> = { _schema: this.spec.schemaVersion ?? 1 };
    for (const [field, value] of Object.entries(initial)) {
      // $setOnInsert and $inc may not name the same field.
      if (!(field in deltas) && field !== "id" && field !== "version") onInsert[field] = value;
    }
    return { $inc: { ...deltas, _v: 1 }, $setOnInsert: onInsert };
  }

  private toStored(raw: Raw): Stored<T> {
    const { _id, _v, _schema, ...fields } = raw;
    return { ...(fields as T), id: _id, version: _v };
  }
}

export class MongoStore implements DocumentStore {
  private readonly declared: Declared;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    specs: CollectionSpec[],
  ) {
    this.declared = new Declared(specs);
  }

  /** Connects and creates the declared indexes (idempotent). */
  static async open(url: string, database: string, specs: CollectionSpec[]): Promise<MongoStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    const store = new MongoStore(client, client.db(database), specs);
    for (const spec of store.declared.all()) {
      // An index an earlier release made and this one no longer builds stays until an operator drops it.
      for (const fields of indexesToBuild(spec))
        await store.db.collection(spec.name).createIndex(Object.fromEntries(fields.map((f) => [mongoField(f), 1])));
    }
    return store;
  }

  collection<T extends object>(spec: CollectionSpec<T>): Collection<T> {
    return this.bound<T>(spec.name, undefined);
  }

  /** `options.durable` is not needed here: MongoDB's write concern decides. */
  async transaction<R>(fn: (tx: Collections) => Promise<R>, _options?: TransactionOptions): Promise<R> {
    const session = this.client.startSession();
    try {
      let result: R | undefined;
      await session.withTransaction(async () => {
        result = await fn({ collection: <T extends object>(spec: CollectionSpec<T>) => this.bound<T>(spec.name, session) });
      });
      return result as R;
    } finally {
      await session.endSession();
    }
  }

  /** No group commit here: each transaction inside commits on its own. */
  group<R>(fn: () => Promise<R>): Promise<R> {
    return fn();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private bound<T extends object>(name: string, session: ClientSession | undefined): Collection<T> {
    const spec = this.declared.spec(name);
    return new MongoDocuments<T>(this.db.collection<Raw>(name), this.declared, spec, session);
  }
}
