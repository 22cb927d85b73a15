// `pnpm bench system [--quick] [--clients N] [--in-flight K] [--seconds S] [--report-history N] [--closed-cases N] [--paced-rate N] [--out FILE]`
export interface SystemOptions {
  quick: boolean;
  /** Street-centre clients submitting at once. */
  clients: number;
  /** Disputes each client keeps between submission and offer at saturation. */
  inFlight: number;
  /** Seconds of each measured phase (saturation, then paced at half its rate). */
  seconds: number;
  warmupSeconds: number;
  /** Seconds each library ceiling runs; messages for the JetStream ones. */
  ceilingSeconds: number;
  ceilingMessages: number;
  /** Disputes counted for the small report, and the history the large one is grown to. */
  reportDisputes: number;
  reportHistory: number;
  reportReads: number;
  /** Events in the stream the rebuild replays (copies of the run's own). */
  rebuildEvents: number;
  /** Closed cases seeded into intake, routing and mediation before their start is timed. */
  closedCases: number;
  /** Disputes a second in the paced phase, to compare two builds at one rate (default: half the saturated rate). */
  pacedRate?: number;
  out?: string;
}

const USAGE = `pnpm bench system [options]
  --quick               a run that fits in a few minutes (short phases, smaller history)
  --clients N           street-centre clients submitting at once (16)
  --in-flight K         disputes each client keeps between submission and offer at saturation (4)
  --seconds S           seconds of the saturated and of the paced phase (30; quick 10)
  --report-history N    disputes of history for the large report (1000000; quick 100000)
  --closed-cases N      closed cases seeded into each service before its start is timed (1000000; quick 20000)
  --rebuild-events N    events the rebuild replays, copies of the run's own (30000; quick 5000)
  --paced-rate N        disputes a second in the paced phase (half the saturated rate)
  --out FILE            where the JSON goes (bench-results/system-<time>.json)`;

export function parseOptions(argv: string[]): SystemOptions {
  const quick = argv.includes("--quick");
  const options: SystemOptions = {
    quick,
    clients: 16,
    inFlight: 4,
    seconds: quick ? 10 : 30,
    warmupSeconds: quick ? 3 : 5,
    ceilingSeconds: quick ? 3 : 10,
    ceilingMessages: quick ? 20_000 : 100_000,
    reportDisputes: 10_000,
    reportHistory: quick ? 100_000 : 1_000_000,
    reportReads: quick ? 100 : 300,
    closedCases: quick ? 20_000 : 1_000_000,
    rebuildEvents: quick ? 5_000 : 30_000,
  };
  const numbers: Record<string, keyof SystemOptions> = {
    "--clients": "clients",
    "--in-flight": "inFlight",
    "--seconds": "seconds",
    "--report-history": "reportHistory",
    "--closed-cases": "closedCases",
    "--rebuild-events": "rebuildEvents",
    "--paced-rate": "pacedRate",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") continue;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[i + 1];
    if (arg === "--out" && value) {
      options.out = value;
      i++;
    } else if (numbers[arg] && value && /^\d+$/.test(value) && Number(value) > 0) {
      (options as unknown as Record<string, number>)[numbers[arg] as string] = Number(value);
      i++;
    } else {
      console.error(`${arg}${value ? ` ${value}` : ""}: not an option, or not a whole number above 0\n${USAGE}`);
      process.exit(2);
    }
  }
  options.reportHistory = Math.max(options.reportHistory, options.reportDisputes);
  return options;
}
