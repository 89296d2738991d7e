import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, compare, decimalText, div, exactDecimal, fromPrinted, gapBetween, meets, monotone, mul, parsePrinted, point, pow, roundDecimal, roundHalfAway, roundingInterval, scale, sub } from "../lib/verify";

describe("parsePrinted: the source's number formats", () => {
  it.each([
    ["0,4741", 0.4741, 4],
    ["46 176", 46176, 0],
    ["- 50,47", -50.47, 2],
    ["−3,5", -3.5, 1],
    ["1,234.5", 1234.5, 1],
    ["12.3*", 12.3, 1],
    ["91.76 %", 91.76, 2],
    ["46\u00a0176,5", 46176.5, 1],
  ])("%s → %d with %d decimals", (text, value, decimals) => {
    const p = parsePrinted(text);
    expect(p.value).toBeCloseTo(value, 12);
    expect(p.decimals).toBe(decimals);
  });
  it("marks preliminary and percent figures", () => {
    expect(parsePrinted("12.3*").preliminary).toBe(true);
    expect(parsePrinted("91.76 %").percent).toBe(true);
  });
  it("gives the rounding interval ±½·10^−d", () => {
    const p = parsePrinted("- 50,47");
    expect(p.interval.lo).toBeCloseTo(-50.475, 12);
    expect(p.interval.hi).toBeCloseTo(-50.465, 12);
  });
  it("names a text that is not a number", () => {
    expect(() => parsePrinted("n.a.")).toThrow(/not a printed number: "n.a."/);
    expect(() => parsePrinted("")).toThrow(/not a printed number/);
    expect(() => parsePrinted("1,2,3")).toThrow(/not a printed number/);
  });
  it("never reads a malformed number as another number (each of these was once read silently)", () => {
    expect(parsePrinted("1.234,5").value).toBe(1234.5); // was 1.2345
    expect(() => parsePrinted("1 2 3")).toThrow(/"1 2 3": digit groups must be of three digits/); // was 123
    expect(() => parsePrinted("1\t2")).toThrow(/"\\t" inside a number is not a digit-group separator/); // was 12
    expect(() => parsePrinted("1 234 56")).toThrow(/digit groups must be of three digits/);
    expect(() => parsePrinted("1.2,3")).toThrow(/digit groups must be of three digits/);
    expect(() => parsePrinted("1 234,567.8")).toThrow(/mixes spaces, commas and points/);
    expect(() => parsePrinted("12a")).toThrow(/not a printed number: "12a"/);
  });
  it("with a declared format accepts only that format", () => {
    const spaceThousandsPointDecimal = { decimal: ".", group: " " } as const;
    expect(parsePrinted("1 367", spaceThousandsPointDecimal).value).toBe(1367);
    expect(parsePrinted("40.208", spaceThousandsPointDecimal).value).toBe(40.208);
    expect(() => parsePrinted("1,367", spaceThousandsPointDecimal)).toThrow(/"1,367" contains ",", which is neither the decimal nor the digit-group separator of the table's number format \(decimal ".", digit groups separated by " "\)/);
    expect(() => parsePrinted("12 345,6", { decimal: ",", group: "" })).toThrow(/no digit grouping/);
    expect(parsePrinted("4,480,310", { decimal: ".", group: "," }).value).toBe(4480310);
    expect(() => parsePrinted("1", { decimal: ",", group: "," })).toThrow(/both ","/);
  });
  it("property: a number written in any declared format reads back exactly", () => {
    const formats = [
      { decimal: ",", group: " " },
      { decimal: ",", group: "" },
      { decimal: ".", group: " " },
      { decimal: ".", group: "," },
      { decimal: ",", group: "." },
    ] as const;
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...formats), (k, d, f) => {
        const digits = (k < 0n ? -k : k).toString().padStart(d + 1, "0");
        const whole = digits.slice(0, digits.length - d);
        const fraction = digits.slice(digits.length - d);
        const grouped = f.group === "" ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, f.group);
        const text = `${k < 0n ? "-" : ""}${grouped}${d > 0 ? f.decimal + fraction : ""}`;
        const p = parsePrinted(text, f);
        expect(p.value).toBe(Number(`${k < 0n ? "-" : ""}${whole}${d > 0 ? "." + fraction : ""}`));
        expect(p.decimals).toBe(d);
      }),
    );
  });
});

describe("compare: a computed value that is not a number decides nothing", () => {
  it("a NaN value or a non-finite interval is never consistent", () => {
    expect(compare("0,5", { value: NaN, interval: { lo: 0, hi: 1 } }).status).toBe("discrepant");
    expect(compare("0,5", { value: 0.5, interval: { lo: NaN, hi: 1 } }).status).toBe("discrepant");
    expect(compare("0,5", { value: 0.5, interval: { lo: -Infinity, hi: Infinity } }).note).toMatch(/not a finite interval/);
    expect(compare("0,5", NaN).status).toBe("discrepant");
  });
});

describe("rounding", () => {
  it("rounds half away from zero on the decimal value", () => {
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(-2.345, 2)).toBe(-2.35);
    expect(roundHalfAway(0.12344, 4)).toBe(0.1234);
  });
  it("a value rounded to d decimals lies in the interval of its printed form", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const r = roundHalfAway(x, d);
        return meets(point(x), roundingInterval(r, d), 1e-9);
      }),
    );
  });
});

describe("interval arithmetic", () => {
  const a = { lo: 1, hi: 2 };
  const b = { lo: -3, hi: 4 };
  it("adds, subtracts, multiplies and scales", () => {
    expect(add(a, b)).toEqual({ lo: -2, hi: 6 });
    expect(sub(a, b)).toEqual({ lo: -3, hi: 5 });
    expect(mul(a, b)).toEqual({ lo: -6, hi: 8 });
    expect(scale(a, -2)).toEqual({ lo: -4, hi: -2 });
  });
  it("divides, refusing a divisor interval containing 0", () => {
    expect(div(a, { lo: 2, hi: 4 })).toEqual({ lo: 0.25, hi: 1 });
    expect(() => div(a, b)).toThrow(/containing 0/);
  });
  it("raises to powers", () => {
    expect(pow({ lo: -2, hi: 3 }, 2)).toEqual({ lo: 0, hi: 9 });
    expect(pow({ lo: 4, hi: 9 }, 0.5)).toEqual({ lo: 2, hi: 3 });
    expect(() => pow({ lo: -1, hi: 1 }, 0.5)).toThrow(/positive base/);
  });
  it("contains every point result (property)", () => {
    const iv = fc.tuple(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })).map(([lo, w]) => ({ lo, hi: lo + w }));
    fc.assert(
      fc.property(iv, iv, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, y, s, t) => {
        const px = x.lo + s * (x.hi - x.lo);
        const py = y.lo + t * (y.hi - y.lo);
        const inside = (v: number, i: { lo: number; hi: number }) => v >= i.lo - 1e-9 * Math.abs(v) && v <= i.hi + 1e-9 * Math.abs(v);
        return inside(px * py, mul(x, y)) && inside(px / py, div(x, y)) && inside(px - py, sub(x, y)) && inside(Math.log(px), monotone(x, Math.log));
      }),
    );
  });
  it("measures the gap between intervals", () => {
    expect(gapBetween({ lo: 0, hi: 1 }, { lo: 3, hi: 4 })).toBe(2);
    expect(gapBetween({ lo: 0, hi: 5 }, { lo: 3, hi: 4 })).toBe(0);
  });
});

describe("compare", () => {
  it("a point value inside the printed interval matches", () => {
    expect(compare("-50,47", -50.4712)).toMatchObject({ status: "match", gap: 0 });
  });
  it("a point value outside is discrepant, with the gap", () => {
    const c = compare("0,1163", 0.1165);
    expect(c.status).toBe("discrepant");
    expect(c.gap).toBeCloseTo(0.00015, 12);
  });
  it("a value from rounded inputs is consistent when only its interval meets the printed one", () => {
    // growth rate from 0.4741 → 0.2348, inputs printed to 4 decimals
    const x16 = fromPrinted("0,4741");
    const x22 = fromPrinted("0,2348");
    const interval = monotone(div(x22, x16), (r) => (r - 1) * 100);
    const value = (0.2348 / 0.4741 - 1) * 100; // −50.4746…
    expect(compare("- 50,47", { value, interval }).status).toBe("match");
    expect(compare("- 50,48", { value, interval }).status).toBe("consistent");
    expect(compare("- 50,60", { value, interval })).toMatchObject({ status: "discrepant" });
  });
  it("a missing input is unavailable, naming it; never a match", () => {
    const c = compare("0,171", { missing: "the regional panel of mobile broadband subscribers" });
    expect(c.status).toBe("unavailable");
    expect(c.note).toContain("mobile broadband");
    expect(compare("0,171", null).status).toBe("unavailable");
  });
  it("a non-finite computed value is discrepant", () => {
    expect(compare("1", NaN).status).toBe("discrepant");
  });
});

describe("exact ties at the edge of a printed interval", () => {
  it("hand-worked (Belov): 0,4741 / 2 = 0.23705 exactly; printed 0,2370 is not a match under round half away from zero", () => {
    const down = compare("0,2370", 0.4741 / 2);
    expect(down.status).toBe("consistent");
    expect(down.note).toMatch(/exactly on the edge .* round half away from zero it rounds to 0\.2371, not to the printed figure/);
    const up = compare("0,2371", 0.4741 / 2);
    expect(up.status).toBe("match");
    expect(up.note).toMatch(/rounds to 0\.2371, the printed figure/);
    expect(compare("0,2370", 0.4741 / 2, "half-even").status).toBe("match");
    expect(compare("0,2370", { value: 0.4741 / 2, interval: { lo: 0.237025, hi: 0.237075 } }).status).toBe("consistent");
    expect(compare("0,2371", { value: 0.4741 / 2, interval: { lo: 0.237025, hi: 0.237075 } }).status).toBe("match");
  });
  it("negative ties round away from zero; the lower edge of a positive figure rounds up to it", () => {
    expect(compare("-0,3", -0.25).status).toBe("match");
    expect(compare("-0,2", -0.25).status).toBe("consistent");
    expect(compare("0,3", 0.25).status).toBe("match");
    expect(compare("0,2", 0.25).status).toBe("consistent");
    expect(compare("0,2", 0.25, "half-even").status).toBe("match");
    expect(compare("0,3", 0.35, "half-even").status).toBe("consistent"); // 0.35 → 0.4 (even)
  });
  it("binary noise below 1e-12 relative is not a value's information: 0.1 + 0.2 is 0.3", () => {
    expect(exactDecimal(0.1 + 0.2)).toEqual({ units: 3n, scale: 1 });
    expect(compare("0,3", 0.1 + 0.2).status).toBe("match");
    expect(compare("0,25", 0.1 + 0.15).status).toBe("match");
  });
  it("roundDecimal: half away from zero and half to even, exactly", () => {
    expect(decimalText(roundDecimal(exactDecimal("2.345"), 2))).toBe("2.35");
    expect(decimalText(roundDecimal(exactDecimal("-2.345"), 2))).toBe("-2.35");
    expect(decimalText(roundDecimal(exactDecimal("2.345"), 2, "half-even"))).toBe("2.34");
    expect(decimalText(roundDecimal(exactDecimal("2.355"), 2, "half-even"))).toBe("2.36");
    expect(decimalText(roundDecimal(exactDecimal("1.005"), 2))).toBe("1.01");
    expect(decimalText(exactDecimal("-1.5e-7"))).toBe("-0.00000015");
    expect(() => exactDecimal("abc")).toThrow(/not a decimal/);
  });
  it("property: a value strictly inside the printed interval (by more than the 1e-12 snap) is a match; on its edge only when it rounds to it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: -5, max: 5 }), (k, d, tenth) => {
        const printed = (k / 10 ** d).toFixed(d);
        const x = Number(exactDecimalText(k, d, tenth));
        const status = compare(printed, x).status;
        if (Math.abs(tenth) < 5) expect(status).toBe("match");
        else {
          // on the edge: half away from zero rounds the edge to the figure farther from zero
          const towardZeroSide = Math.sign(tenth) !== Math.sign(k);
          if (k === 0) expect(status).toBe("consistent");
          else expect(status).toBe(towardZeroSide ? "match" : "consistent");
        }
      }),
    );
  });
});

/** The decimal k·10^−d + tenth·10^−(d+1), as a string. */
function exactDecimalText(k: number, d: number, tenth: number): string {
  return decimalText(exactDecimal(`${10 * k + tenth}e-${d + 1}`));
}
