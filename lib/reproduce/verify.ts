/**
 * Comparing computed values with printed ones.
 *
 * A value printed with d decimals stands for the closed interval [v − ½·10^−d, v + ½·10^−d]. A recomputed
 * value **matches** when it lies in that interval. A value recomputed from other *printed* (rounded) values
 * is carried as an interval (interval arithmetic over the inputs' intervals) and is **consistent** when that
 * interval meets the printed one; otherwise it is **discrepant**, and the comparison gives the gap. A value
 * whose inputs are missing is **unavailable**, with the missing input named: never counted as a match.
 *
 * Definitions: `../shared/METHODS.md`, "Comparing with a printed table".
 */

/** A closed interval [lo, hi]. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** A number as the source prints it, parsed. */
export interface PrintedNumber {
  /** The text exactly as printed (trimmed). */
  readonly text: string;
  /** The value the text denotes. */
  readonly value: number;
  /** Digits after the decimal separator (0 for integers). */
  readonly decimals: number;
  /** The interval the printed value stands for: value ± ½·10^−decimals. */
  readonly interval: Interval;
  /** True when the source marks the figure as preliminary with `*`. */
  readonly preliminary: boolean;
  /** True when the text ends in `%` (the value is still in percent units, not divided by 100). */
  readonly percent: boolean;
}

export type Status = "match" | "consistent" | "discrepant" | "unavailable";

/** What a notebook computed for one printed cell. */
export type Computed =
  /** Computed from unrounded inputs: a point value. */
  | number
  /** Computed from printed (rounded) inputs by interval arithmetic; `value` is the formula at the printed values. */
  | { readonly value: number; readonly interval: Interval }
  /** Not computable here: `missing` names the input that is not available. */
  | { readonly missing: string };

export interface Comparison {
  readonly status: Status;
  /** The printed text, or null when there is no printed cell. */
  readonly published: string | null;
  /** The computed point value, or null when unavailable. */
  readonly computed: number | null;
  /** The computed interval when the value was derived from rounded inputs. */
  readonly computedInterval?: Interval;
  /** The printed value's interval. */
  readonly publishedInterval?: Interval;
  /** Distance between the computed value (or interval) and the printed interval; 0 when they meet. */
  readonly gap?: number;
  /** Why, in words. */
  readonly note: string;
}

const MINUS = /^[-−–—]\s*/u;
/** The spaces a printed table uses between digit groups: space, no-break space, thin and narrow no-break space. */
const GROUP_SPACE = /[ \u00a0\u2009\u202f]/u;

/**
 * How a printed table writes its numbers: the decimal separator and the thousands (digit-group) separator.
 * Declared per table in `published/tables.json` (`numberFormat`), so that a cell in another format is an error
 * instead of a different number (`1,367` in a table that groups thousands with spaces is not 1.367).
 * `group: " "` accepts a space, a no-break space, a thin space or a narrow no-break space; `group: ""` means the
 * table never groups digits. Groups, where present, must be of three digits.
 */
export interface NumberFormat {
  readonly decimal: "," | ".";
  readonly group: " " | "," | "." | "";
}

function checkFormat(format: NumberFormat): void {
  if (!format || (format.decimal !== "," && format.decimal !== ".")) {
    throw new Error(`number format: decimal must be "," or ".", got ${JSON.stringify(format && format.decimal)}`);
  }
  if (![" ", ",", ".", ""].includes(format.group)) throw new Error(`number format: group must be " ", ",", "." or "", got ${JSON.stringify(format.group)}`);
  if (format.group === format.decimal) throw new Error(`number format: the group and decimal separators are both ${JSON.stringify(format.decimal)}`);
}

/** The separators `digits` (the text between sign and suffixes) uses, inferred without guessing. */
function inferFormat(digits: string, original: string): NumberFormat {
  const hasComma = digits.includes(",");
  const hasPoint = digits.includes(".");
  const hasSpace = GROUP_SPACE.test(digits);
  if (hasComma && hasPoint) {
    // "1,234.5" or "1.234,5": the separator that comes last is the decimal one.
    const decimal = digits.lastIndexOf(",") > digits.lastIndexOf(".") ? "," : ".";
    if (hasSpace) throw new Error(`not a printed number: ${JSON.stringify(original)} mixes spaces, commas and points`);
    return { decimal, group: decimal === "," ? "." : "," };
  }
  const sep = hasComma ? "," : hasPoint ? "." : null;
  if (sep === null) return { decimal: ",", group: hasSpace ? " " : "" };
  const count = digits.split(sep).length - 1;
  if (hasSpace) return { decimal: sep, group: " " };
  // One separator is a decimal one ("0,4741", "40.208"); several can only group thousands ("4,480,310").
  if (count === 1) return { decimal: sep, group: "" };
  return { decimal: sep === "," ? "." : ",", group: sep };
}

/**
 * Parse a number in the source's formats: decimal comma or point ("0,4741", "0.4741"), digit groups of three
 * separated by a space, no-break or thin space ("46 176"), commas or points ("1,234.5", "1.234,5"), a minus
 * sign detached from its number ("- 50,47", also "−" and "–"), a trailing `*` for preliminary figures, and a
 * trailing `%`.
 *
 * With a `format` (the table's declared {@link NumberFormat}) only that format is accepted. Without one the
 * separators are inferred, and only where the text is unambiguous: a single comma or point is the decimal
 * separator, several of one kind group thousands, and when both appear the last is the decimal separator.
 * Nothing is guessed: digit groups other than three digits ("1 2 3"), tabs or other whitespace inside a
 * number ("1\t2"), or a separator the format does not declare are errors naming the text.
 *
 * @throws an error naming the text and what is wrong with it.
 * @example parsePrinted("- 50,47").value // → -50.47, decimals 2, interval [-50.475, -50.465]
 * @example parsePrinted("1.234,5").value // → 1234.5
 * @example parsePrinted("40.208", { decimal: ".", group: " " }).value // → 40.208
 */
export function parsePrinted(text: string, format?: NumberFormat): PrintedNumber {
  const original = String(text).trim();
  if (format !== undefined) checkFormat(format);
  let s = original;
  let preliminary = false;
  let percent = false;
  if (s.endsWith("*")) {
    preliminary = true;
    s = s.slice(0, -1).trim();
  }
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  let sign = 1;
  if (MINUS.test(s)) {
    sign = -1;
    s = s.replace(MINUS, "");
  } else if (s.startsWith("+")) {
    s = s.slice(1).trim();
  }
  if (!/^[0-9., \u00a0\u2009\u202f]+$/u.test(s) || !/\d/.test(s)) {
    const odd = s.match(/[^0-9., \u00a0\u2009\u202f]/u);
    const what = odd && /\s/u.test(odd[0]) ? `: ${JSON.stringify(odd[0])} inside a number is not a digit-group separator` : "";
    throw new Error(`not a printed number: ${JSON.stringify(original)}${what}`);
  }
  const f = format ?? inferFormat(s, original);
  const where = format ? `the table's number format (decimal ${JSON.stringify(format.decimal)}, ${format.group === "" ? "no digit grouping" : `digit groups separated by ${JSON.stringify(format.group)}`})` : "";
  // Every separator must be the format's decimal or group separator.
  for (const ch of s) {
    if (/\d/.test(ch)) continue;
    const isSpace = GROUP_SPACE.test(ch);
    if (ch === f.decimal || (isSpace ? f.group === " " : ch === f.group)) continue;
    throw new Error(`not a printed number: ${JSON.stringify(original)} contains ${JSON.stringify(ch)}, which is neither the decimal nor the digit-group separator of ${where || "the number as written"}`);
  }
  const parts = s.split(f.decimal);
  if (parts.length > 2) throw new Error(`not a printed number: ${JSON.stringify(original)} has more than one decimal separator ${JSON.stringify(f.decimal)}`);
  const [whole, fraction = null] = parts;
  const groupRe = f.group === " " ? /[ \u00a0\u2009\u202f]/u : null;
  const groups = f.group === "" ? [whole] : whole.split(groupRe ?? f.group);
  if (whole === "" && fraction === null) throw new Error(`not a printed number: ${JSON.stringify(original)}`);
  if (groups.length > 1 && !(/^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g)))) {
    throw new Error(`not a printed number: ${JSON.stringify(original)}: digit groups must be of three digits after the first`);
  }
  if (!(whole === "" || groups.every((g) => /^\d+$/.test(g)))) throw new Error(`not a printed number: ${JSON.stringify(original)}`);
  if (fraction !== null && !/^\d*$/.test(fraction)) {
    throw new Error(`not a printed number: ${JSON.stringify(original)}: only digits may follow the decimal separator ${JSON.stringify(f.decimal)}`);
  }
  if (whole === "" && !fraction) throw new Error(`not a printed number: ${JSON.stringify(original)}`);
  const plain = `${groups.join("") || "0"}${fraction === null ? "" : `.${fraction}`}`;
  const decimals = fraction === null ? 0 : fraction.length;
  const value = sign * Number(plain);
  return { text: original, value, decimals, interval: roundingInterval(value, decimals), preliminary, percent };
}

/** True when `text` is a number in one of the source's formats (see {@link parsePrinted}). */
export function isPrintedNumber(text: string, format?: NumberFormat): boolean {
  try {
    parsePrinted(text, format);
    return true;
  } catch {
    return false;
  }
}

/**
 * The interval a value printed with `decimals` decimals stands for: [v − ½·10^−d, v + ½·10^−d].
 * @example roundingInterval(0.4741, 4) // → { lo: 0.47405, hi: 0.47415 }
 */
export function roundingInterval(value: number, decimals: number): Interval {
  const half = 0.5 * 10 ** -decimals;
  return { lo: value - half, hi: value + half };
}

/**
 * Round half away from zero to `decimals` decimals, working on the decimal string so that 1.005 → 1.01
 * rounds as printed tables do rather than as binary floating point would.
 * @example roundHalfAway(-2.345, 2) // → -2.35
 */
export function roundHalfAway(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const [mantissa, exponent = "0"] = Math.abs(value).toPrecision(15).split("e");
  const shifted = Number(`${mantissa}e${Number(exponent) + decimals}`);
  return (sign * Math.round(shifted)) / 10 ** decimals;
}

// ---------------------------------------------------------------------------------------------------------
// Interval arithmetic: propagate printed rounding through a formula.

/** The degenerate interval [x, x]. */
export const point = (x: number): Interval => ({ lo: x, hi: x });

/** The interval of a printed text (see {@link parsePrinted}). */
export const fromPrinted = (text: string): Interval => parsePrinted(text).interval;

export const add = (a: Interval, b: Interval): Interval => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });
export const sub = (a: Interval, b: Interval): Interval => ({ lo: a.lo - b.hi, hi: a.hi - b.lo });

export function mul(a: Interval, b: Interval): Interval {
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: Math.min(...p), hi: Math.max(...p) };
}

/** a / b; throws when b contains 0, where the quotient is unbounded. */
export function div(a: Interval, b: Interval): Interval {
  if (b.lo <= 0 && b.hi >= 0) {
    throw new Error(`interval division by an interval containing 0: [${b.lo}, ${b.hi}]`);
  }
  return mul(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

/** c · a for a scalar c. */
export const scale = (a: Interval, c: number): Interval => (c >= 0 ? { lo: a.lo * c, hi: a.hi * c } : { lo: a.hi * c, hi: a.lo * c });

/** a^k for a positive interval and real k, or any interval and a non-negative integer k. */
export function pow(a: Interval, k: number): Interval {
  if (Number.isInteger(k) && k >= 0) {
    const lo = a.lo ** k;
    const hi = a.hi ** k;
    if (k % 2 === 0 && a.lo < 0 && a.hi > 0) return { lo: 0, hi: Math.max(lo, hi) };
    return { lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
  }
  if (a.lo <= 0) throw new Error(`interval power with a non-integer exponent needs a positive base: [${a.lo}, ${a.hi}]`);
  const lo = a.lo ** k;
  const hi = a.hi ** k;
  return { lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
}

/** The image of an interval under a monotone function f (increasing or decreasing). */
export function monotone(a: Interval, f: (x: number) => number): Interval {
  const x = f(a.lo);
  const y = f(a.hi);
  return { lo: Math.min(x, y), hi: Math.max(x, y) };
}

/** True when the two closed intervals share a point (with a tolerance for floating-point noise). */
export function meets(a: Interval, b: Interval, eps = 1e-12): boolean {
  const tol = eps * Math.max(1, Math.abs(a.lo), Math.abs(a.hi), Math.abs(b.lo), Math.abs(b.hi));
  return a.lo <= b.hi + tol && b.lo <= a.hi + tol;
}

/** Distance between two intervals; 0 when they meet. */
export function gapBetween(a: Interval, b: Interval): number {
  if (a.hi < b.lo) return b.lo - a.hi;
  if (b.hi < a.lo) return a.lo - b.hi;
  return 0;
}

/** An interval computed from printed values by a formula, with the formula's value at the printed values. */
export function derived(value: number, interval: Interval): { value: number; interval: Interval } {
  return { value, interval };
}

// ---------------------------------------------------------------------------------------------------------

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(10).replace(/\.?0+$/, ""));

// ---------------------------------------------------------------------------------------------------------
// Exact decimals at the boundary: a printed interval's ends are decimals (0.23705 for "0,2370"), which binary
// floating point cannot hold; a computed value that lies on an end must be recognised as a tie, not as a value
// a few ulps inside or outside it.

/** How a source rounds a value exactly half-way between two printed figures. */
export type RoundingRule = "half-away-from-zero" | "half-even";

/** An exact decimal: `units` · 10^−scale. */
export interface ExactDecimal {
  readonly units: bigint;
  readonly scale: number;
}

/**
 * An exact decimal from a decimal string ("0.23705", "-1.5e-7") or from a number's shortest round-trip
 * decimal rounded to 12 significant digits — so that 0.4741 / 2 is exactly 0.23705, and 0.1 + 0.2 is 0.3:
 * binary noise below 10^−12 relative is not a value's information.
 * @example exactDecimal(0.4741 / 2) // → { units: 23705n, scale: 5 }
 */
export function exactDecimal(x: number | string): ExactDecimal {
  const text = typeof x === "number" ? (Number.isFinite(x) ? x.toPrecision(12) : "") : x.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal: ${JSON.stringify(x)}`);
  const digits = `${m[2]}${m[3] ?? ""}`.replace(/^0+(?=\d)/, "");
  let scale = (m[3] ?? "").length - Number(m[4] ?? 0);
  let units = BigInt(digits || "0");
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units: m[1] === "-" ? -units : units, scale };
}

/** a − b compared with 0: −1, 0 or 1, exactly. */
export function compareDecimals(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The decimal as a plain string ("0.23705"). */
export function decimalText(d: ExactDecimal): string {
  const neg = d.units < 0n;
  const s = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const out = d.scale ? `${s.slice(0, s.length - d.scale)}.${s.slice(s.length - d.scale)}` : s;
  return neg ? `-${out}` : out;
}

/**
 * Round an exact decimal to `decimals` decimals under a rounding rule; ties (…5 exactly) go away from zero
 * (Excel, printed statistics) or to the even neighbour (IEEE, R's and NumPy's round()).
 * @example decimalText(roundDecimal(exactDecimal("0.23705"), 4, "half-away-from-zero")) // → "0.2371"
 * @example decimalText(roundDecimal(exactDecimal("0.23705"), 4, "half-even")) // → "0.237"
 */
export function roundDecimal(d: ExactDecimal, decimals: number, rule: RoundingRule = "half-away-from-zero"): ExactDecimal {
  if (d.scale <= decimals) return d;
  const drop = 10n ** BigInt(d.scale - decimals);
  const neg = d.units < 0n;
  const abs = neg ? -d.units : d.units;
  let q = abs / drop;
  const r = abs % drop;
  const twice = 2n * r;
  if (twice > drop || (twice === drop && (rule === "half-away-from-zero" || q % 2n === 1n))) q += 1n;
  return exactDecimal(`${neg ? "-" : ""}${q.toString()}e-${decimals}`);
}

/** The printed figure as an exact decimal, and its interval's ends (value ± ½·10^−d), exactly. */
function printedDecimal(printed: PrintedNumber): { value: ExactDecimal; lo: ExactDecimal; hi: ExactDecimal } {
  const value = exactDecimal(printed.value.toFixed(printed.decimals));
  const half: ExactDecimal = { units: 5n, scale: printed.decimals + 1 };
  const scale = printed.decimals + 1;
  const v = value.units * 10n ** BigInt(scale - value.scale);
  return { value, lo: exactDecimal(`${v - half.units}e-${scale}`), hi: exactDecimal(`${v + half.units}e-${scale}`) };
}

/**
 * Where a computed value lies against a printed figure's interval, decided in exact decimals: `inside`,
 * `outside`, or on an `edge` — then whether that edge rounds to the printed figure under `rule`.
 * @example printedEdge("0,2370", 0.4741 / 2).position // → "edge"; .roundsToPrinted → false (0.23705 → 0.2371)
 */
export function printedEdge(published: string, computed: number, rule: RoundingRule = "half-away-from-zero", format?: NumberFormat): { position: "inside" | "edge" | "outside"; roundsToPrinted: boolean; edge?: string; roundedTo?: string } {
  const printed = parsePrinted(published, format);
  const p = printedDecimal(printed);
  const x = exactDecimal(computed);
  const cLo = compareDecimals(x, p.lo);
  const cHi = compareDecimals(x, p.hi);
  if (cLo === 0 || cHi === 0) {
    const rounded = roundDecimal(x, printed.decimals, rule);
    return { position: "edge", roundsToPrinted: compareDecimals(rounded, p.value) === 0, edge: decimalText(x), roundedTo: decimalText(rounded) };
  }
  const inside = cLo > 0 && cHi < 0;
  return { position: inside ? "inside" : "outside", roundsToPrinted: inside };
}

/** Options of {@link compare}: the table's number format (see {@link NumberFormat}) and its rounding rule. */
export interface CompareOptions {
  readonly format?: NumberFormat;
  /** How the printed figures were rounded (default "half-away-from-zero"). */
  readonly rounding?: RoundingRule;
}

const RULE_WORDS: Record<RoundingRule, string> = { "half-away-from-zero": "round half away from zero", "half-even": "round half to even" };

/**
 * Compare a computed value with a printed cell.
 *
 * - `number` (computed from unrounded inputs): **match** when it lies in the printed interval, else
 *   **discrepant** with the gap.
 * - `{ value, interval }` (computed from printed, rounded inputs): **match** when the formula's value at the
 *   printed inputs lies in the printed interval; **consistent** when only the propagated interval meets it;
 *   else **discrepant** with the gap between the two intervals.
 * - `{ missing }` or `null`: **unavailable**, naming what is missing.
 *
 * Ties are decided exactly ({@link printedEdge}): a value exactly on an end of the printed interval (in
 * decimals, 12 significant digits) is **match** only when it rounds to the printed figure under `rounding`
 * (round half away from zero unless the article's tool is known to round half to even); otherwise
 * **consistent**. The note says which.
 *
 * @example compare("-50,47", -50.4712).status // → "match"
 * @example compare("0,2370", 0.4741 / 2).status // → "consistent" (0.23705 rounds half away from zero to 0.2371)
 */
export function compare(published: string | null, computed: Computed | null | undefined, options: CompareOptions | RoundingRule = {}): Comparison {
  const { format, rounding = "half-away-from-zero" } = typeof options === "string" ? { rounding: options, format: undefined } : options;
  if (computed === null || computed === undefined || (typeof computed === "object" && "missing" in computed)) {
    const missing = computed && typeof computed === "object" && "missing" in computed ? computed.missing : "not computed";
    return { status: "unavailable", published, computed: null, note: `not reproducible here: ${missing}` };
  }
  if (published === null || published.trim() === "" || published.trim() === "–" || published.trim() === "-") {
    const value = typeof computed === "number" ? computed : computed.value;
    return { status: "unavailable", published, computed: value, note: "no printed value in this cell" };
  }
  const printed = parsePrinted(published, format);
  const p = printed.interval;
  if (typeof computed === "number") {
    if (!Number.isFinite(computed)) {
      return { status: "discrepant", published, computed, publishedInterval: p, note: `computed value is ${computed}` };
    }
    const edge = printedEdge(published, computed, rounding, format);
    if (edge.position === "edge") {
      const note = `${edge.edge} lies exactly on the edge of the printed ${printed.text}'s interval; under ${RULE_WORDS[rounding]} it rounds to ${edge.roundedTo}`;
      return edge.roundsToPrinted
        ? { status: "match", published, computed, publishedInterval: p, gap: 0, note: `${note}, the printed figure` }
        : { status: "consistent", published, computed, publishedInterval: p, gap: 0, note: `${note}, not to the printed figure: consistent, not a match` };
    }
    const within = edge.position === "inside";
    const gap = within ? 0 : gapBetween(point(computed), p);
    return {
      status: within ? "match" : "discrepant",
      published,
      computed,
      publishedInterval: p,
      gap: within ? 0 : gap,
      note: within
        ? `${fmt(computed)} rounds to the printed ${printed.text}`
        : `${fmt(computed)} is ${fmt(gap)} outside [${fmt(p.lo)}, ${fmt(p.hi)}]`,
    };
  }
  const { value, interval } = computed;
  if (!Number.isFinite(value) || !interval || !Number.isFinite(interval.lo) || !Number.isFinite(interval.hi) || interval.lo > interval.hi) {
    // A derived value that is not a number (or an interval that is not one) decides nothing: never consistent.
    const what = !Number.isFinite(value) ? `computed value is ${value}` : `computed interval [${interval && interval.lo}, ${interval && interval.hi}] is not a finite interval`;
    return { status: "discrepant", published, computed: Number.isFinite(value) ? value : null, publishedInterval: p, note: what };
  }
  const edge = Number.isFinite(value) ? printedEdge(published, value, rounding, format) : { position: "outside" as const, roundsToPrinted: false };
  if (edge.position === "inside" || (edge.position === "edge" && edge.roundsToPrinted)) {
    const note = edge.position === "edge" ? `${edge.edge} lies exactly on the edge of the printed ${printed.text}'s interval and rounds to it under ${RULE_WORDS[rounding]}` : `${fmt(value)} rounds to the printed ${printed.text}`;
    return { status: "match", published, computed: value, computedInterval: interval, publishedInterval: p, gap: 0, note };
  }
  if (edge.position === "edge") {
    return {
      status: "consistent",
      published,
      computed: value,
      computedInterval: interval,
      publishedInterval: p,
      gap: 0,
      note: `${edge.edge} from the rounded inputs lies exactly on the edge of the printed ${printed.text}'s interval; under ${RULE_WORDS[rounding]} it rounds to ${edge.roundedTo}, not to the printed figure — but the inputs' rounding allows [${fmt(interval.lo)}, ${fmt(interval.hi)}], which contains values that round to ${printed.text}`,
    };
  }
  if (meets(interval, p)) {
    return {
      status: "consistent",
      published,
      computed: value,
      computedInterval: interval,
      publishedInterval: p,
      gap: 0,
      note: `${fmt(value)} from the rounded inputs; the inputs' rounding allows [${fmt(interval.lo)}, ${fmt(interval.hi)}], which contains values that round to ${printed.text}`,
    };
  }
  const gap = gapBetween(interval, p);
  return {
    status: "discrepant",
    published,
    computed: value,
    computedInterval: interval,
    publishedInterval: p,
    gap,
    note: `${fmt(value)}; even allowing for the inputs' rounding, [${fmt(interval.lo)}, ${fmt(interval.hi)}] is ${fmt(gap)} away from the printed ${printed.text}`,
  };
}
