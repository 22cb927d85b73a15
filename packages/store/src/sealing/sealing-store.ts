// A store that seals part of some collections' documents on the way in and opens it on the way out, so use cases
// keep working with whole documents while the personal part is kept encrypted (docs/architecture.md#sealed-personal-data).
// Indexed fields must stay in the open part: `find` filters on them.
import type { Collection, CollectionSpec, Collections, DocumentStore, Query, Stored } from "../port.js";
import { type Envelope, Erased } from "./envelope.js";

export interface SealingRule<T extends object> {
  spec: CollectionSpec<T>;
  /** Whose data key seals the document (a dispute's id). */
  owner(doc: T): string;
  /** The part to seal, or undefined when there is none (then nothing is sealed and no data key is made). */
  sensitive(doc: T): object | undefined;
  /** The document without its sensitive part. */
  withoutSensitive(doc: T): T;
  /** The document with its sensitive part back; `undefined` when it was erased under retention. */
  restore(open: T, sensitive: object | undefined): T;
  /** When the owner's personal data is to be erased, once the document says (a closed case); scheduled on write. */
  eraseAfter?(doc: T): Date | undefined;
  /** Top-level fields that, in a document written before envelopes, hold a value sealed directly with a ring key. */
  legacySealed?: string[];
}

type SealedDoc = { sealed?: string };

export function sealingStore(inner: DocumentStore, envelope: Envelope, rules: Array<SealingRule<object>>): DocumentStore {
  const byName = new Map(rules.map((r) => [r.spec.name, r]));
  const wrap = (tx: Collections): Collections => ({
    collection<T extends object>(spec: CollectionSpec<T>): Collection<T> {
      const rule = byName.get(spec.name) as SealingRule<T> | undefined;
      const collection = tx.collection(spec);
      return rule ? sealedCollection(collection, rule, envelope, tx) : collection;
    },
  });
  const outer = wrap(inner);
  return {
    collection: outer.collection,
    transaction: (fn, options) => inner.transaction((tx) => fn(wrap(tx)), options),
    // A consumer's batch: the transactions inside go through this wrapper, so they seal too.
    group: (fn) => inner.group(fn),
    close: () => inner.close(),
  };
}

function sealedCollection<T extends object>(
  inner: Collection<T>,
  rule: SealingRule<T>,
  envelope: Envelope,
  tx: Collections,
): Collection<T> {
  const open = async (stored: Stored<T>): Promise<Stored<T>> => {
    const { sealed, ...rest } = stored as Stored<T> & SealedDoc;
    if (sealed === undefined) return openLegacy(stored);
    const plain = rest as unknown as Stored<T>;
    try {
      return { ...rule.restore(plain, await envelope.open<object>(tx, sealed)), id: stored.id, version: stored.version };
    } catch (error) {
      if (!(error instanceof Erased)) throw error;
      return { ...rule.restore(plain, undefined), id: stored.id, version: stored.version };
    }
  };
  const openLegacy = async (stored: Stored<T>): Promise<Stored<T>> => {
    const doc = { ...stored } as Record<string, unknown>;
    for (const field of rule.legacySealed ?? []) {
      const value = doc[field];
      if (typeof value === "string" && value !== "") doc[field] = await envelope.open(tx, value);
    }
    return doc as Stored<T>;
  };
  return {
    get: async (id) => {
      const found = await inner.get(id);
      return found ? open(found) : undefined;
    },
    find: async (query?: Query) => Promise.all((await inner.find(query)).map(open)),
    put: async (id, doc, expectedVersion) => {
      const sensitive = rule.sensitive(doc);
      const stored = sensitive
        ? ({ ...rule.withoutSensitive(doc), sealed: await envelope.seal(tx, rule.owner(doc), sensitive) } as T)
        : rule.withoutSensitive(doc);
      const written = await inner.put(id, stored, expectedVersion);
      const eraseAfter = rule.eraseAfter?.(doc);
      if (eraseAfter) await envelope.scheduleErasure(tx, rule.owner(doc), eraseAfter);
      return { ...doc, id, version: written.version };
    },
    count: (query) => inner.count(query),
    delete: (id, expectedVersion) => inner.delete(id, expectedVersion),
    increment: () => Promise.reject(new Error(`${rule.spec.name} is sealed: it has no numeric fields to increment`)),
    add: () => Promise.reject(new Error(`${rule.spec.name} is sealed: it has no numeric fields to add to`)),
    addAll: () => Promise.reject(new Error(`${rule.spec.name} is sealed: it has no numeric fields to add to`)),
  };
}
