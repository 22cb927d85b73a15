// Every command prints for people by default and for programs with --json.
export interface Output {
  json: boolean;
  /** Machine-readable result: printed as one JSON document with --json. */
  result(value: unknown, human: () => string): void;
  /** Progress for people; with --json it goes to stderr so stdout stays parseable. */
  progress(line: string): void;
}

export function output(json: boolean): Output {
  return {
    json,
    result: (value, human) => console.log(json ? JSON.stringify(value, null, 2) : human()),
    progress: (line) => (json ? console.error(line) : console.log(line)),
  };
}

export function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => String(cell).padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
