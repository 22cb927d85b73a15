export { type Lifecycle, lifecycle, type Part, runMain } from "./lifecycle.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
