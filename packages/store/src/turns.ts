/**
 * One connection, one writer. better-sqlite3 is synchronous, but a transaction here spans the
 * caller's awaits, so every operation takes a turn on this queue to keep others out of it.
 */
export class Turns {
  private tail: Promise<unknown> = Promise.resolve();
  run<R>(fn: () => Promise<R> | R): Promise<R> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
