/**
 * Which convention reproduces a printed value? A printed number is the result of a method *and* of many small
 * choices the text may not state (or may state wrongly): how missing values were treated, which units were in
 * the sample, a small-sample correction, which weights. This module computes a quantity under a set of named
 * alternative conventions and says, for each printed value, which of them land in its rounding interval and
 * how far the others are — so that "the stated method does not reproduce it, this other convention does" is
 * reported as a finding about the source, not absorbed into a tolerance.
 *
 * - {@link conventionGrid}: the cartesian product of named options along named axes, in a stable order.
 * - {@link computeConventions}: evaluate a computation under each convention; a convention that cannot be
 *   computed (an error, or an explicit `null`) is kept with its reason, never dropped.
 * - {@link checkConventions}: compare the results with one printed value (interval = the printed rounding,
 *   value ± ½·10^−d, see lib/verify.ts) and describe the outcome in plain words.
 *
 * Reference: the printed-value comparison of `shared/METHODS.md` ("Comparing with a printed table"); the idea of
 * a grid of analytic choices is that of a multiverse analysis (Steegen, Tuerlinckx, Gelman & Vanpaemel 2016,
 * Perspect. Psychol. Sci. 11(5), 702–712), here used to locate the choice behind a printed number.
 *
 * @example
 * const grid = conventionGrid({ correction: ["none", "n/(n-1)"] });
 * const results = computeConventions(grid, (c) => (c.settings.correction === "none" ? 0.4 : 0.5));
 * const check = checkConventions("0.50", results, { stated: "correction=none" });
 * check.reproducing         // → ["correction=n/(n-1)"]
 * check.statedReproduces    // → false
 * check.finding             // → "another convention"
 * No I/O, no state.
 */
import { InputError } from "./validate";
import { gapBetween, meets, parsePrinted, point, type Interval } from "./verify";

/** One convention: an id, a readable label, and its setting on every axis of the grid. */
export interface Convention {
  /** Stable id, e.g. "missing=zero;units=split" (axis=option pairs joined by ";"). */
  readonly id: string;
  /** Readable label, e.g. "missing: zero · units: split". */
  readonly label: string;
  /** The option of each axis. */
  readonly settings: Readonly<Record<string, string>>;
  /** Readable "axis: option" text of each axis, e.g. { missing: "regions without a figure: counted as 0" }. */
  readonly settingLabels?: Readonly<Record<string, string>>;
}

/** A convention with its computed value (null when not computable, with the reason). */
export interface ConventionResult extends Convention {
  readonly value: number | null;
  readonly reason?: string;
}

/** How one convention's value relates to the printed value. */
export interface ConventionOutcome extends ConventionResult {
  /** True when the value lies in the printed rounding interval. */
  readonly reproduces: boolean;
  /** Distance from the printed interval (0 inside); null when not computable. */
  readonly gap: number | null;
  /** Signed offset of the value from the printed value (value − printed); null when not computable. */
  readonly offset: number | null;
}

/** The outcome of all conventions for one printed value. */
export interface ConventionCheck {
  readonly printed: string;
  readonly interval: Interval;
  readonly outcomes: ConventionOutcome[];
  /** Ids of the conventions that land in the interval, in grid order. */
  readonly reproducing: string[];
  /** The computable convention closest to the printed value (ties: the first in grid order), or null. */
  readonly nearest: ConventionOutcome | null;
  /** The stated convention's outcome, or null when none is named. */
  readonly stated: ConventionOutcome | null;
  /** Whether the stated convention reproduces the value (null when none is named or it is not computable). */
  readonly statedReproduces: boolean | null;
  /**
   * "stated method": the stated convention reproduces it; "another convention": it does not, but another one
   * does (a finding about the source); "none": no convention tried reproduces it.
   */
  readonly finding: "stated method" | "another convention" | "none";
  /** The axis settings shared by every reproducing convention (empty when none reproduces). */
  readonly sharedSettings: Readonly<Record<string, string>>;
  /** The outcome in plain words. */
  readonly summary: string;
}

const SEP = ";";

/** The id of a convention from its settings: "a=x;b=y" in the given axis order. */
export function conventionId(settings: Readonly<Record<string, string>>, axes: readonly string[] = Object.keys(settings)): string {
  return axes.map((a) => `${a}=${settings[a]}`).join(SEP);
}

/**
 * Every combination of the axes' options (the first axis varies slowest), as conventions.
 *
 * @param axes axis name → its options (option ids; a label may be given per option in `labels`).
 * @param labels optional readable labels: `labels[axis]` names the axis, `labels["axis=option"]` an option.
 * @throws InputError for an axis without options, an option given twice, or a name with "=" or ";".
 * @example conventionGrid({ a: ["x", "y"], b: ["1"] }).map((c) => c.id) // → ["a=x;b=1", "a=y;b=1"]
 */
export function conventionGrid(axes: Readonly<Record<string, readonly string[]>>, labels: Readonly<Record<string, string>> = {}): Convention[] {
  const names = Object.keys(axes);
  if (names.length === 0) throw new InputError("conventionGrid needs at least one axis");
  for (const a of names) {
    const opts = axes[a];
    if (!Array.isArray(opts) || opts.length === 0) throw new InputError(`conventionGrid: axis ${JSON.stringify(a)} has no options`);
    if (/[=;]/.test(a)) throw new InputError(`conventionGrid: axis name ${JSON.stringify(a)} may not contain "=" or ";"`);
    const seen = new Set<string>();
    for (const o of opts) {
      if (/[=;]/.test(o)) throw new InputError(`conventionGrid: option ${JSON.stringify(o)} of axis ${JSON.stringify(a)} may not contain "=" or ";"`);
      if (seen.has(o)) throw new InputError(`conventionGrid: option ${JSON.stringify(o)} is given twice on axis ${JSON.stringify(a)}`);
      seen.add(o);
    }
  }
  let combos: Record<string, string>[] = [{}];
  for (const a of names) combos = combos.flatMap((c) => axes[a].map((o) => ({ ...c, [a]: o })));
  return combos.map((settings) => {
    const settingLabels = Object.fromEntries(names.map((a) => [a, `${labels[a] ?? a}: ${labels[`${a}=${settings[a]}`] ?? settings[a]}`]));
    return { id: conventionId(settings, names), label: names.map((a) => settingLabels[a]).join(" · "), settings, settingLabels };
  });
}

/**
 * Evaluate `compute` under each convention. A thrown error or a null result makes the convention
 * "not computable" with the error's message (or `reason`) — it stays in the list.
 *
 * @example computeConventions(conventionGrid({ k: ["1", "0"] }), (c) => 1 / Number(c.settings.k)).map((r) => r.value) // → [1, Infinity]
 */
export function computeConventions(conventions: readonly Convention[], compute: (c: Convention) => number | null | { value: number | null; reason?: string }): ConventionResult[] {
  return conventions.map((c) => {
    try {
      const r = compute(c);
      if (r === null) return { ...c, value: null, reason: "not computable under this convention" };
      if (typeof r === "number") return { ...c, value: r };
      return { ...c, value: r.value, ...(r.reason ? { reason: r.reason } : r.value === null ? { reason: "not computable under this convention" } : {}) };
    } catch (e) {
      return { ...c, value: null, reason: e instanceof Error ? e.message : String(e) };
    }
  });
}

const fmt = (x: number): string => {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
};

/** Options of {@link checkConventions}. */
export interface CheckConventionsOptions {
  /** Id of the convention the source states (its "stated method"). */
  stated?: string;
  /** How many reproducing conventions to name before summarising by their shared settings (default 3). */
  listAtMost?: number;
}

/**
 * Which conventions land in the printed value's rounding interval, and how far the others are.
 *
 * A value reproduces the printed one when it lies in [p − ½·10^−d, p + ½·10^−d] (d = printed decimals;
 * the same rule as `compare` in lib/verify.ts). The summary names the stated convention's result, the
 * reproducing conventions (or, when there are many, the settings they all share), or the nearest miss.
 *
 * @throws InputError when `printed` is not a number or `stated` is not one of the results.
 * @example
 * const r = [{ id: "a", label: "A", settings: {}, value: 0.171 }, { id: "b", label: "B", settings: {}, value: 0.15 }];
 * checkConventions("0.171", r, { stated: "b" }).summary
 * // → "the stated convention (B) gives 0.15, 0.0205 below the printed 0.171 [0.1705, 0.1715]; reproduced by: A (0.171)"
 */
export function checkConventions(printed: string, results: readonly ConventionResult[], options: CheckConventionsOptions = {}): ConventionCheck {
  const p = parsePrinted(printed);
  const interval = p.interval;
  if (options.stated !== undefined && !results.some((r) => r.id === options.stated)) {
    throw new InputError(`checkConventions: the stated convention ${JSON.stringify(options.stated)} is not among the results (${results.map((r) => r.id).join(", ")})`);
  }
  const outcomes: ConventionOutcome[] = results.map((r) => {
    if (r.value === null || !Number.isFinite(r.value)) return { ...r, reproduces: false, gap: null, offset: null };
    const inside = meets(point(r.value), interval);
    return { ...r, reproduces: inside, gap: inside ? 0 : gapBetween(point(r.value), interval), offset: r.value - p.value };
  });
  const reproducing = outcomes.filter((o) => o.reproduces);
  let nearest: ConventionOutcome | null = null;
  for (const o of outcomes) if (o.offset !== null && (nearest === null || Math.abs(o.offset) < Math.abs(nearest.offset!))) nearest = o;
  const stated = options.stated === undefined ? null : outcomes.find((o) => o.id === options.stated)!;
  const statedReproduces = stated === null || stated.value === null ? null : stated.reproduces;
  const finding: ConventionCheck["finding"] = statedReproduces ? "stated method" : reproducing.length ? "another convention" : "none";
  const sharedSettings: Record<string, string> = {};
  if (reproducing.length) {
    for (const [axis, option] of Object.entries(reproducing[0].settings)) {
      if (reproducing.every((o) => o.settings[axis] === option) && outcomes.some((o) => o.settings[axis] !== undefined && o.settings[axis] !== option && o.value !== null)) sharedSettings[axis] = option;
    }
  }
  const where = `the printed ${p.text} [${fmt(interval.lo)}, ${fmt(interval.hi)}]`;
  const off = (o: ConventionOutcome) => `gives ${fmt(o.value!)}, ${fmt(o.gap!)} ${o.offset! < 0 ? "below" : "above"}`;
  const miss = (o: ConventionOutcome) => (o.value === null ? `cannot be computed (${o.reason})` : `${off(o)} ${where}`);
  const parts: string[] = [];
  if (stated) parts.push(stated.reproduces ? `the stated convention (${stated.label}) reproduces it (${fmt(stated.value!)})` : `the stated convention (${stated.label}) ${miss(stated)}`);
  const others = reproducing.filter((o) => o !== stated);
  const listAtMost = options.listAtMost ?? 3;
  if (others.length && others.length <= listAtMost) parts.push(`${stated?.reproduces ? "so do" : "reproduced by"}: ${others.map((o) => `${o.label} (${fmt(o.value!)})`).join("; ")}`);
  else if (others.length) {
    const shared = Object.entries(sharedSettings).map(([a, o]) => `"${reproducing[0].settingLabels?.[a] ?? `${a}: ${o}`}"`).join(", ");
    parts.push(`${stated?.reproduces ? "so do" : "reproduced by"} ${others.length} of ${outcomes.length} conventions${shared ? `, all sharing ${shared}` : ""}`);
  }
  if (!reproducing.length) {
    const tried = `none of the ${outcomes.length} conventions tried lands in`;
    if (!nearest) parts.push(`none of the ${outcomes.length} conventions can be computed`);
    else if (nearest === stated) parts.push(`${tried} it; the stated one is the nearest`);
    else parts.push(`${tried} ${stated && stated.value !== null ? "it" : where}; the nearest, ${nearest.label}, ${off(nearest)}`);
  }
  return { printed: p.text, interval, outcomes, reproducing: reproducing.map((o) => o.id), nearest, stated, statedReproduces, finding, sharedSettings, summary: parts.join("; ") };
}
