import { UndeclaredIndex } from "./errors.js";
import type { CollectionSpec, Query } from "./port.js";

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The indexes a store builds for a collection, each as its fields: the compound ones, and one for each
 * declared field that no compound index begins with. A compound index serves what an index of its
 * first field alone would (an equality, a range, a sort on it), and each index more is written at every
 * insert, and at every update of an embedded store's document.
 */
export function indexesToBuild(spec: CollectionSpec): string[][] {
  const compound = spec.compound ?? [];
  const leading = new Set(compound.map((fields) => fields[0]));
  return [...spec.indexes.filter((field) => !leading.has(field)).map((field) => [field]), ...compound];
}

/** Checks the specs once at open, and each query against them. */
export class Declared {
  private readonly specs = new Map<string, CollectionSpec>();

  constructor(specs: CollectionSpec[]) {
    for (const spec of specs) {
      if (!FIELD.test(spec.name)) throw new UndeclaredIndex(`bad collection name "${spec.name}"`);
      for (const field of spec.indexes) {
        if (!FIELD.test(field)) throw new UndeclaredIndex(`bad index field "${field}" in ${spec.name}`);
      }
      for (const fields of spec.compound ?? []) {
        // `id` may close one: a query on the others then reads in id order (paging) without sorting.
        const bad = fields.find((f) => f !== "id" && !spec.indexes.includes(f));
        if (bad !== undefined || fields.length < 2)
          throw new UndeclaredIndex(`compound index [${fields.join(", ")}] in ${spec.name} must name two or more of its indexes (or id)`);
      }
      this.specs.set(spec.name, spec);
    }
  }

  all(): CollectionSpec[] {
    return [...this.specs.values()];
  }

  spec(name: string): CollectionSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new UndeclaredIndex(`collection "${name}" was not declared when the store was opened`);
    return spec;
  }

  checkQuery(name: string, query: Query): void {
    const spec = this.spec(name);
    const fields = [
      ...Object.keys(query.where ?? {}),
      ...(query.range ? [query.range.field] : []),
      ...(query.sort ? [query.sort.field] : []),
    ];
    for (const field of fields) {
      if (field !== "id" && !spec.indexes.includes(field)) {
        throw new UndeclaredIndex(`${name}.${field} is not a declared index (declared: id, ${spec.indexes.join(", ")})`);
      }
    }
  }
}
