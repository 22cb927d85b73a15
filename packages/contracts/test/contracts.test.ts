import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { staleFiles } from "../scripts/generate.js";
import {
  categoryCodec,
  common,
  decodeEvent,
  encodeEvent,
  events,
  MalformedEvent,
  newEvent,
  shanghaiMonth,
  shiftMonth,
  subjectOf,
} from "../src/index.js";

describe("generated contracts", () => {
  it("match proto/ (run `pnpm proto:gen` after changing a .proto)", () => {
    expect(staleFiles()).toEqual([]);
  }, 60_000);
});

describe("codes", () => {
  it("are the proto enum names without their prefix", () => {
    expect(categoryCodec.toCode(common.Category.CATEGORY_SMALL_DEBT)).toBe("SMALL_DEBT");
    expect(categoryCodec.fromCode("SMALL_DEBT")).toBe(common.Category.CATEGORY_SMALL_DEBT);
    expect(categoryCodec.toCode(common.Category.CATEGORY_UNSPECIFIED)).toBeUndefined();
    expect(categoryCodec.toCode(99)).toBeUndefined();
    expect(categoryCodec.parse("small-debt")).toBe("SMALL_DEBT");
  });
});

describe("events", () => {
  it("round-trip through protobuf with their envelope, on subject <ns>.<context>.<event>.v1", () => {
    const event = newEvent(
      {
        $case: "caseClosed",
        value: events.CaseClosed.fromPartial({
          caseId: "c",
          disputeId: "d",
          mediatorId: "m",
          centreCode: "JD01",
          category: 1,
          channel: 1,
          outcome: 1,
          closedAt: new Date(0),
        }),
      },
      { correlationId: "d", causationId: "x" },
    );
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
    expect(subjectOf("mediation", "caseClosed")).toBe("mediation.mediation.case.closed.v1");
    expect(subjectOf("mediation", "disputeSubmitted")).toBe("mediation.intake.dispute.submitted.v1");
  });

  it("are all reachable as events.X, whichever file of proto/mediation/events/v1 declares them", async () => {
    const genDir = new URL("../src/gen/mediation/events/v1/", import.meta.url);
    const files = readdirSync(genDir).filter((name) => name.endsWith(".ts"));
    expect(files).toContain("events.ts");
    const missing: string[] = [];
    for (const file of files) {
      const generated: Record<string, unknown> = await import(new URL(file, genDir).href);
      for (const [name, value] of Object.entries(generated)) {
        if (name === "protobufFileName") continue;
        if ((events as Record<string, unknown>)[name] !== value) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(events.protobufFileName).toBe("mediation/events/v1/events.proto");
  });

  it("refuse bytes that are not an event", () => {
    expect(() => decodeEvent(new TextEncoder().encode("hello"))).toThrow(MalformedEvent);
  });
});

describe("months in Asia/Shanghai", () => {
  it("turn at midnight Beijing time, which is 16:00 UTC", () => {
    expect(shanghaiMonth(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11");
    expect(shanghaiMonth(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
  });

  it("stay right when asked about instants in any order, each side of a month's ends", () => {
    const month = (iso: string) => shanghaiMonth(new Date(iso));
    const asked = [
      ["2026-10-31T16:00:00Z", "2026-11"],
      ["2026-11-30T15:59:59.999Z", "2026-11"],
      ["2026-11-15T00:00:00Z", "2026-11"],
      ["2026-11-30T16:00:00Z", "2026-12"],
      ["2026-11-20T00:00:00Z", "2026-11"],
      ["2026-10-31T15:59:59.999Z", "2026-10"],
      ["2026-11-01T00:00:00Z", "2026-11"],
      ["2026-12-31T16:00:00Z", "2027-01"],
      ["2026-12-15T00:00:00Z", "2026-12"],
    ];
    expect(asked.map(([iso]) => month(iso as string))).toEqual(asked.map(([, expected]) => expected));
    expect(() => shanghaiMonth(new Date("not a date"))).toThrow(RangeError);
  });

  it("agree with the time-zone database for instants from 1985 to 2040, near month ends and in between, in any order", () => {
    const zone = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" });
    const fromDatabase = (t: number) => zone.format(new Date(t)).slice(0, 7);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const instants: number[] = [];
    for (let y = 1985; y <= 2040; y++)
      for (let m = 0; m < 12; m++) {
        // Shanghai's midnight on the first is 16:00 UTC the day before (and 15:00 in the summers of 1986-1991).
        const first = Date.UTC(y, m, 1);
        for (const d of [-9 * 3_600_000 - 1, -9 * 3_600_000, -8 * 3_600_000 - 1, -8 * 3_600_000, 0]) instants.push(first + d);
        instants.push(first + Math.floor(random() * 28 * 86_400_000));
      }
    for (let i = instants.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [instants[i], instants[j]] = [instants[j] as number, instants[i] as number];
    }
    const wrong = instants.filter((t) => shanghaiMonth(new Date(t)) !== fromDatabase(t));
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });
});
