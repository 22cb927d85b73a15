// How every service's Node.js process is started, in production (deploy/Dockerfile's CMD), by
// `pnpm start` and by the benchmark: the same V8 settings everywhere, so that what is measured is
// what runs (docs/benchmarks.md#memory).
//
// A service's live heap under full load is small (mediation's: 28 MB in a heap snapshot taken at
// saturation), yet with V8's defaults its resident memory reached 170–220 MB: a 16 MB semi-space
// (the young generation, twice over) and an old generation grown far ahead of what survives.
// Measured with `pnpm bench system --quick` (BENCH_NODE_FLAGS tries others), on two cores:
//   V8 defaults                          RSS up to 146–181 MB, 8.8–10.3 ms CPU per dispute
//   these flags                          RSS up to 113–132 MB, 10.1 ms
//   + --optimize-for-size                RSS up to 108–122 MB, 11.1–11.6 ms (too dear in processor time)
export const SERVICE_NODE_FLAGS: readonly string[] = [
  // The young generation's half, in MB (V8's default here: 16): collected more often, each collection as cheap.
  "--max-semi-space-size=4",
  // The old generation may grow to 1.3 × what survived its last full collection before the next one.
  "--heap-growing-percent=30",
];
