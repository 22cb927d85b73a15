export { type Lifecycle, lifecycle, type Part, runMain } from "./lifecycle.js";
