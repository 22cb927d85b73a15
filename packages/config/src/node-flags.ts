// How every service's Node.js process is started, in production (deploy/Dockerfile's CMD), by
// `pnpm start` and by the benchmark: the same V8 settings everywhere, so that what is measured is
// what runs (docs/benchmarks.md#memory).
//
// A service's live heap under full load is small (mediation's: 28 MB in a heap snapshot taken at
// saturation), yet with V8's defaults its resident memory reached 190–220 MB: a 16 MB semi-space
// (the young generation, twice over) and an old generation grown far ahead of what survives. With
// these two flags every service stayed at or under 115 MB in the same benchmark, at the same
// processor time per dispute within the run-to-run noise.
export const SERVICE_NODE_FLAGS: readonly string[] = [
  // The young generation's half, in MB (default 16): collected more often, each collection as cheap.
  "--max-semi-space-size=4",
  // V8 grows the heap less eagerly and gives memory back sooner.
  "--optimize-for-size",
];
