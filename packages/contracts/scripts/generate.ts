// Regenerates src/gen from proto/ with buf and ts-proto. `--check` regenerates into a temporary
// folder and fails when the committed code differs, so stale contracts cannot land.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const genDir = join(packageDir, "src", "gen");

export function generateInto(outDir: string): void {
  const buf = join(packageDir, "..", "..", "node_modules", ".bin", "buf");
  execFileSync(buf, ["generate", "--template", "buf.gen.yaml", "-o", outDir], {
    cwd: packageDir,
    stdio: "inherit",
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

export function staleFiles(): string[] {
  const scratch = mkdtempSync(join(tmpdir(), "contracts-gen-"));
  try {
    generateInto(scratch);
    const fresh = join(scratch, "src", "gen");
    const freshFiles = listFiles(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const committed = listFiles(genDir)
      .map((f) => relative(genDir, f))
      .sort();
    const names = new Set([...freshFiles, ...committed]);
    return [...names].filter((name) => {
      try {
        return readFileSync(join(fresh, name), "utf8") !== readFileSync(join(genDir, name), "utf8");
      } catch {
        return true;
      }
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(`Generated contracts are stale: ${stale.join(", ")}. Run: pnpm proto:gen`);
      process.exit(1);
    }
    console.log("Generated contracts match proto/.");
  } else {
    const scratch = mkdtempSync(join(tmpdir(), "contracts-gen-"));
    generateInto(scratch);
    rmSync(genDir, { recursive: true, force: true });
    cpSync(join(scratch, "src", "gen"), genDir, { recursive: true });
    rmSync(scratch, { recursive: true, force: true });
    console.log(`Generated ${listFiles(genDir).length} files into ${relative(process.cwd(), genDir)}`);
  }
}
