// The browser the tests check the HTML report in: CHROMIUM_PATH if set, else the first of chromium,
// chromium-browser and google-chrome on PATH. The CJK fonts let it draw the report's Chinese text.
import { findOnPath, isExecutableFile, MissingInfrastructure } from "./infrastructure.js";

const CHROMIUM_PACKAGES = ["chromium", "fonts-noto-cjk"];
const NAMES = ["chromium", "chromium-browser", "google-chrome"];

/** The path of a Chromium to run headless; throws MissingInfrastructure, with the line that installs one, if there is none. */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new MissingInfrastructure([
      { what: `CHROMIUM_PATH is ${configured}, which is not an executable file; fix or unset it.`, packages: CHROMIUM_PACKAGES },
    ]);
  }
  for (const name of NAMES) {
    const found = findOnPath(name, env);
    if (found) return found;
  }
  throw new MissingInfrastructure([
    { what: `Chromium is not installed (none of ${NAMES.join(", ")} is on PATH).`, packages: CHROMIUM_PACKAGES },
  ]);
}
