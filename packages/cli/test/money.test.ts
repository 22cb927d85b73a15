import { describe, expect, it } from "vitest";
import { fenToYuan, UsageError, yuanToFen } from "../src/money.js";

describe("amounts typed in yuan", () => {
  it.each([
    ["0", 0n],
    ["12", 1200n],
    ["12.5", 1250n],
    ["12.05", 1205n],
    ["1,299.99", 129999n],
    ["0.01", 1n],
  ])("%s yuan is %i fen", (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
    expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it.each(["-1", "1.234", "abc", "", "1e5"])("refuses %j", (text) => {
    expect(() => yuanToFen(text)).toThrow(UsageError);
  });
});
