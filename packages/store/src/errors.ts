export class VersionConflict extends Error {
  override name = "VersionConflict";
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      expected === 0
        ? `${collection}/${id} already exists (version ${actual})`
        : `${collection}/${id} is at version ${actual}, not ${expected}`,
    );
  }
}

/** A query or collection the store was not told about: a programming error, caught early. */
export class UndeclaredIndex extends Error {
  override name = "UndeclaredIndex";
}
