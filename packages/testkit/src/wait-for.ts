/** Polls until something is there: for tests, and for commands that wait on the centre (the demo). */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said in the error when time runs out. */
  what?: string;
}

/** Polls `probe` until it returns something other than undefined, or fails after the timeout. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 50, what = "condition" } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
