export { type WaitOptions, waitFor } from "@mediation/runtime";
export { aDisputeSubmittedEvent } from "./events.js";
export { uniqueName } from "./names.js";
export { type TempDir, tempDir } from "./temp-dir.js";
