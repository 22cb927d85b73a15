export { aDisputeSubmittedEvent } from "./events.js";
export { uniqueName } from "./names.js";
export { type TempDir, tempDir } from "./temp-dir.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
