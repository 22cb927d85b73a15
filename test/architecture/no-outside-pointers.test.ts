// The repository explains itself: comments and docs point into docs/, never to a design kept outside
// the repository, which a clone does not have (docs/README.md); and every docs/ anchor they cite exists.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Spelt in parts so that this file, which must name them, does not itself point outside.
const SHARED = ["..", "shared"].join("/");
const DESIGN = ["DESIGN", "md"].join(".");
const FORBIDDEN = [SHARED, DESIGN];
const here = fileURLToPath(import.meta.url);
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: join(here, ".."), encoding: "utf8" }).trim();

/** The forbidden pointers a text contains, in the order of FORBIDDEN. */
function outsidePointers(text: string): string[] {
  return FORBIDDEN.filter((pointer) => text.includes(pointer));
}

/** Tracked files with their content, binary files left out (a NUL byte in the first 8 KiB). */
function trackedTextFiles(): Array<{ path: string; text: string }> {
  const paths = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .split("\0")
    .filter((path) => path !== "" && existsSync(join(root, path)));
  return paths.flatMap((path) => {
    const bytes = readFileSync(join(root, path));
    if (bytes.subarray(0, 8192).includes(0)) return [];
    return [{ path, text: bytes.toString("utf8") }];
  });
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsIn(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1] as string)));
}

describe("no pointers outside the repository", () => {
  it("recognises each forbidden pointer, and passes a reference into docs/", () => {
    expect(outsidePointers(`// No dual writes (see ${DESIGN} §5)`)).toEqual([DESIGN]);
    expect(outsidePointers(`rules are in [the design](${SHARED}/${DESIGN})`)).toEqual([SHARED, DESIGN]);
    expect(outsidePointers("// No dual writes (docs/architecture.md#outbox)")).toEqual([]);
  });

  it("finds no tracked text file that points to a design outside the repository", () => {
    const files = trackedTextFiles();
    expect(files.map((f) => f.path)).toContain("README.md");
    const offending = files.flatMap(({ path, text }) => {
      const found = outsidePointers(text);
      return found.length === 0 ? [] : [`${path}: ${found.join(", ")}`];
    });
    expect(offending).toEqual([]);
  });

  it("turns headings into the anchors that comments cite", () => {
    expect([...anchorsIn("# Architecture\n## gRPC APIs\n### Dead letters\n## Scale-out\n")]).toEqual([
      "architecture",
      "grpc-apis",
      "dead-letters",
      "scale-out",
    ]);
  });

  it("points every reference to docs/<file>.md#<anchor> at a heading that exists", () => {
    const files = trackedTextFiles();
    const docs = new Map(files.filter((f) => f.path.startsWith("docs/")).map((f) => [f.path, anchorsIn(f.text)]));
    const broken = files.flatMap(({ path, text }) =>
      [...text.matchAll(/\bdocs\/([\w./-]+\.md)#([\w-]+)/g)]
        .filter((m) => !docs.get(`docs/${m[1]}`)?.has(m[2] as string))
        .map((m) => `${path}: ${m[0]}`),
    );
    expect(broken).toEqual([]);
  });
});
