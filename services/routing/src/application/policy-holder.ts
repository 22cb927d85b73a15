// The active policy. A reload that fails validation keeps the old policy and says why.
import type { Policy } from "../domain/policy.js";

export interface LoadedPolicy {
  policy: Policy;
  source: string;
  loadedFrom: string;
  loadedAt: Date;
}

export type ReloadResult = { ok: true; version: string; changed: boolean } | { ok: false; error: string };

export class PolicyHolder {
  private current: LoadedPolicy;

  constructor(
    private readonly read: () => { text: string; from: string },
    private readonly parse: (text: string, from: string) => Policy,
  ) {
    // At start a bad policy is fatal: there is no old one to keep.
    const { text, from } = read();
    this.current = { policy: parse(text, from), source: text, loadedFrom: from, loadedAt: new Date() };
  }

  get policy(): Policy {
    return this.current.policy;
  }

  get loaded(): LoadedPolicy {
    return this.current;
  }

  reload(): ReloadResult {
    try {
      const { text, from } = this.read();
      if (text === this.current.source) return { ok: true, version: this.current.policy.version, changed: false };
      this.current = { policy: this.parse(text, from), source: text, loadedFrom: from, loadedAt: new Date() };
      return { ok: true, version: this.current.policy.version, changed: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}
