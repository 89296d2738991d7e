/**
 * Regional panel analysis: for every (indicator, year) of a long-format panel of regions, the inequality
 * (Gini index, Lorenz curve), the shape of the distribution (kernel density under Gretl's convention and its
 * number of modes) and the spatial autocorrelation (global Moran's I and the local Moran / LISA clusters on
 * contiguity weights from a TopoJSON map). It is the method of Rastvortseva, Kolchinskaya & Panasiuk (2026,
 * Baltic Region 18(1)) written once, for any panel of regions that has a map.
 *
 * ## The panel (CSV, long format)
 *
 *     region,year,indicator,value
 *     Belgorod,2011,grp_per_capita,330952.8
 *     Crimea,2011,grp_per_capita,
 *
 * - `region`: the region's id in the map (the TopoJSON geometry id, e.g. "Moscow City", "Crimea").
 * - `year`: a whole number.
 * - `indicator`: a short name (e.g. "mobile", "fixed", "ict", "grp_per_capita").
 * - `value`: a number written with a decimal point and no thousands separator; an empty cell, `NA` or `…`
 *   means "no figure" (missing).
 * - One row per (region, year, indicator); other columns are allowed and ignored (listed in `ignoredColumns`).
 *
 * ## Which regions are in a year's sample
 *
 * Every region of the map, unless a {@link SampleRule} leaves it out (e.g. {@link availableFrom}: Crimea and
 * Sevastopol only from 2014, as in the article). A region in the sample without a value (an empty cell or no
 * row) is skipped and reported by name in `missing`: nothing is dropped silently. A region of the panel that
 * is not in the map is an error naming it.
 *
 * ## Conventions (see shared/METHODS.md)
 *
 * - Gini: Gretl's `gini()` (sorted-rank estimator, no n/(n−1) correction), regions unweighted.
 * - Lorenz curve: points from (0, 0) (R `ineq::Lc`).
 * - Kernel density: Gretl's `kdensity()` (Gaussian kernel, Gretl's bandwidth and grid); Gretl refuses n < 30,
 *   and so does this pipeline (the year's `kdeSkipped` says why).
 * - Modes: strict local maxima of the density on Gretl's grid, peaks lower than `minRelativeHeight` × the
 *   highest ignored (default 0: all count); the rule is reported with every count.
 * - Weights: queen contiguity (shared boundary point) by default, computed on the regions in the year's
 *   sample, row-standardised; islands keep a zero row and stay in n (GeoDa, spdep `zero.policy = TRUE`).
 * - Moran's I: GeoDa / esda, with normality, randomisation and permutation inference (999 permutations).
 * - LISA: GeoDa's local Moran with 999 conditional permutations, seeded, significance p ≤ 0.05.
 *
 * No I/O: callers read the CSV and the TopoJSON and pass their contents.
 */
import { parseCsv } from "../io/csv";
import { findModes, kde, type Kernel, type KdeResult, type ModesResult } from "../methods/density/density";
import { gini, lorenz, type LorenzCurve } from "../methods/inequality/inequality";
import { DEFAULT_SEED, contiguity, localMoran, moran, rowStandardize, topologyIds, type ContiguityRule, type LocalMoranResult, type MoranResult, type SkippedUnit, type WeightsMatrix } from "../methods/spatial/spatial";
import { InputError } from "../numeric/validate";

/** The columns a panel CSV must have. */
export const PANEL_COLUMNS = ["region", "year", "indicator", "value"] as const;

/** Texts that mean "no figure" in the value column. */
export const MISSING_VALUE_TEXTS: readonly string[] = ["", "NA", "…", "..."];

/** One row of a panel. */
export interface PanelRecord {
  region: string;
  year: number;
  indicator: string;
  /** The value, or null when the cell says there is no figure. */
  value: number | null;
  /** Line of the CSV the record came from (1 = header). */
  line: number;
}

/** A regional panel read from CSV (see the module documentation for the format). */
export interface RegionalPanel {
  /** Where the panel came from (a file name), used in messages. */
  source: string;
  records: PanelRecord[];
  /** Distinct regions, years and indicators, in order of first appearance (years ascending). */
  regions: string[];
  years: number[];
  indicators: string[];
  /** Columns of the CSV that the panel does not use. */
  ignoredColumns: string[];
  /** The record of (indicator, year, region), or undefined when there is no such row. */
  record(indicator: string, year: number, region: string): PanelRecord | undefined;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Read a long-format panel CSV (columns region, year, indicator, value; see the module documentation).
 *
 * @throws InputError naming the line: a missing column, an empty region or indicator, a year that is not a
 *   whole number, a value that is not a number (a decimal comma or a thousands separator is named as such),
 *   a (region, year, indicator) given twice.
 * @example
 * const p = readPanel("region,year,indicator,value\nA,2011,x,1.5\nB,2011,x,\n");
 * p.records.map((r) => r.value) // → [1.5, null]
 * p.regions                     // → ["A", "B"]
 */
export function readPanel(csvText: string, source = "<panel>"): RegionalPanel {
  const csv = parseCsv(csvText, source);
  const absent = PANEL_COLUMNS.filter((c) => !csv.columns.includes(c));
  if (absent.length) {
    throw new InputError(`${source}: the panel needs the columns ${PANEL_COLUMNS.join(", ")}; missing ${absent.join(", ")} (found: ${csv.columns.join(", ")})`);
  }
  const records: PanelRecord[] = [];
  const index = new Map<string, PanelRecord>();
  const regions: string[] = [];
  const indicators: string[] = [];
  const years = new Set<number>();
  const seenRegion = new Set<string>();
  const seenIndicator = new Set<string>();
  csv.rows.forEach((row, k) => {
    const line = k + 2;
    const where = `${source}, line ${line}`;
    const region = row.region.trim();
    const indicator = row.indicator.trim();
    if (!region) throw new InputError(`${where}: the region is empty`);
    if (!indicator) throw new InputError(`${where}: the indicator is empty`);
    const yearText = row.year.trim();
    if (!/^\d{1,4}$/.test(yearText)) throw new InputError(`${where}: year ${JSON.stringify(row.year)} is not a whole number`);
    const year = Number(yearText);
    const v = row.value.trim();
    let value: number | null;
    if (MISSING_VALUE_TEXTS.includes(v)) value = null;
    else if (NUMBER.test(v)) value = Number(v);
    else {
      const hint = /^\s*-?\d+,\d+$/.test(v)
        ? " (write the decimal separator as a point)"
        : /\d[\s\u00a0]\d/.test(v) || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)
          ? " (remove the thousands separators)"
          : "";
      throw new InputError(`${where} (${region}, ${year}, ${indicator}): value ${JSON.stringify(row.value)} is not a number${hint}; leave the cell empty or write NA when there is no figure`);
    }
    const key = `${indicator}\u0000${year}\u0000${region}`;
    const prev = index.get(key);
    if (prev) throw new InputError(`${where}: ${region}, ${year}, ${indicator} is given twice (also on line ${prev.line})`);
    const rec: PanelRecord = { region, year, indicator, value, line };
    index.set(key, rec);
    records.push(rec);
    years.add(year);
    if (!seenRegion.has(region)) {
      seenRegion.add(region);
      regions.push(region);
    }
    if (!seenIndicator.has(indicator)) {
      seenIndicator.add(indicator);
      indicators.push(indicator);
    }
  });
  if (records.length === 0) throw new InputError(`${source}: the panel has a header but no rows`);
  return {
    source,
    records,
    regions,
    years: Array.from(years).sort((a, b) => a - b),
    indicators,
    ignoredColumns: csv.columns.filter((c) => !(PANEL_COLUMNS as readonly string[]).includes(c)),
    record: (indicator, year, region) => index.get(`${indicator}\u0000${year}\u0000${region}`),
  };
}

/**
 * Which regions are in the sample: `true` keeps the region in that year (for that indicator), a string
 * leaves it out and says why.
 */
export type SampleRule = (region: string, year: number, indicator: string) => true | string;

/**
 * A sample rule that keeps every region from the given first year on (regions not named: always).
 *
 * @example availableFrom({ Crimea: 2014 })("Crimea", 2013, "x") // → "Crimea is in the sample only from 2014"
 * @example availableFrom({ Crimea: 2014 })("Crimea", 2014, "x") // → true
 */
export function availableFrom(firstYear: Readonly<Record<string, number>>): SampleRule {
  for (const [region, y] of Object.entries(firstYear)) {
    if (!Number.isInteger(y)) throw new InputError(`availableFrom: the first year of ${region} must be a whole number, got ${String(y)}`);
  }
  return (region, year) => {
    const first = Object.prototype.hasOwnProperty.call(firstYear, region) ? firstYear[region] : undefined;
    return first !== undefined && year < first ? `${region} is in the sample only from ${first}` : true;
  };
}

/** Options of {@link analyzePanel}. */
export interface PanelAnalysisOptions {
  /** The map: a parsed TopoJSON topology. */
  topology: unknown;
  /** The object of the topology holding the regions (e.g. "geo"). */
  objectName: string;
  /** Take region ids from `properties[idProperty]` instead of the geometry id. */
  idProperty?: string;
  /** Contiguity rule of the weights (default "queen", as the article). */
  contiguityRule?: ContiguityRule;
  /** Indicators to analyse (default: all of the panel's, in order). */
  indicators?: readonly string[];
  /** Years to analyse (default: every year the indicator has rows for). */
  years?: readonly number[];
  /** Who is in the sample in a year (default: every region of the map). */
  sample?: SampleRule;
  /** Kernel of the density (default "gaussian", Gretl's default) and Gretl's bandwidth adjustment factor (default 1). */
  kde?: { kernel?: Kernel; scale?: number };
  /** Ignore density peaks lower than this share of the highest one when counting modes (default 0). */
  minRelativeHeight?: number;
  /** Permutations of the global and local Moran (default 999). */
  permutations?: number;
  /** Seed of the permutations (default {@link DEFAULT_SEED}, GeoDa's); the same seed is used for every year. */
  seed?: number;
  /** Significance level of the LISA clusters (default 0.05). */
  alpha?: number;
  /** Compute the LISA (default true). */
  lisa?: boolean;
}

/** A region left out of one year's calculation, and why. */
export interface SkippedRegion {
  region: string;
  reason: string;
}

/** The results for one (indicator, year). */
export interface CrossSection {
  indicator: string;
  year: number;
  /** The regions used, in map order, and their values. */
  ids: string[];
  values: Float64Array;
  n: number;
  /** Regions the sample rule left out. */
  excluded: SkippedRegion[];
  /** Regions in the sample without a value: skipped, named here. */
  missing: SkippedRegion[];
  /** Gretl's gini() of the values. */
  gini: number;
  lorenz: LorenzCurve;
  /** Gretl-convention kernel density, or null when Gretl would refuse (see kdeSkipped). */
  kde: KdeResult | null;
  kdeSkipped: string | null;
  /** Modes of the density, with the counting rule; null without a density. */
  modes: ModesResult | null;
  /** Row-standardised contiguity weights on `ids`. */
  weights: WeightsMatrix;
  /** Regions with no neighbour among `ids` (kept in n with a zero row). */
  islands: string[];
  moran: MoranResult;
  /** Local Moran with clusters; null when `lisa: false`. */
  lisa: LocalMoranResult | null;
}

/** Everything {@link analyzePanel} computed, and the settings it used. */
export interface PanelAnalysis {
  sections: CrossSection[];
  /** The map's region ids (in map order) and the map units without a polygon. */
  mapIds: string[];
  mapSkipped: SkippedUnit[];
  settings: {
    contiguityRule: ContiguityRule;
    kernel: Kernel;
    scale: number;
    minRelativeHeight: number;
    permutations: number;
    seed: number;
    alpha: number;
  };
  /** The cross-section of (indicator, year); throws naming it when it was not analysed. */
  get(indicator: string, year: number): CrossSection;
}

/**
 * Run the whole method on every (indicator, year) of a panel: Gini and Lorenz curve, Gretl kernel density and
 * its modes, global Moran's I and LISA clusters on contiguity weights of the regions in the year's sample.
 *
 * @throws InputError naming the problem: panel regions that are not in the map (all of them, with lines),
 *   an indicator or a year the panel does not have, negative values (the Gini index needs non-negative
 *   values), a year whose sample is too small for Moran's I; errors from the numeric modules are prefixed
 *   with the indicator and year.
 * @example
 * // three unit squares in a row, a | b | c (tests/rastvortseva-pipeline.test.ts runs 85 Russian regions)
 * const topology = { type: "Topology", arcs: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
 *   [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]], [[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]],
 *   objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: "a", arcs: [[0]] },
 *     { type: "Polygon", id: "b", arcs: [[1]] }, { type: "Polygon", id: "c", arcs: [[2]] }] } } };
 * const a = analyzePanel(readPanel("region,year,indicator,value\na,2020,x,1\nb,2020,x,2\nc,2020,x,6\n"),
 *   { topology, objectName: "o", permutations: 0 });
 * a.get("x", 2020).gini       // → 0.37037037037037035 (10/27)
 * a.get("x", 2020).moran.I    // → -0.10714285714285714 (−3/28: z = (−2, −1, 3), lags (−1, ½, −1))
 * a.get("x", 2020).kdeSkipped // → "3 regions: Gretl's kdensity refuses fewer than 30 observations"
 * // the article's sample rule: availableFrom({ Crimea: 2014, "Sevastopol'": 2014 }) → 83 regions before 2014
 */
export function analyzePanel(panel: RegionalPanel, options: PanelAnalysisOptions): PanelAnalysis {
  if (!options || typeof options !== "object") throw new InputError("analyzePanel needs options { topology, objectName }");
  const { ids: mapIds, skipped: mapSkipped } = topologyIds(options.topology, options.objectName, { idProperty: options.idProperty });
  const onMap = new Set(mapIds);
  const unknown = new Map<string, number[]>();
  for (const r of panel.records) {
    if (!onMap.has(r.region)) {
      if (!unknown.has(r.region)) unknown.set(r.region, []);
      unknown.get(r.region)!.push(r.line);
    }
  }
  if (unknown.size) {
    const list = Array.from(unknown, ([name, lines]) => `${JSON.stringify(name)} (line${lines.length > 1 ? "s" : ""} ${lines.slice(0, 3).join(", ")}${lines.length > 3 ? ", …" : ""})`);
    throw new InputError(
      `${panel.source}: ${unknown.size} region${unknown.size > 1 ? "s are" : " is"} not in the map object ${JSON.stringify(options.objectName)}: ${list.join(", ")}. ` +
        `Use the map's ids: ${mapIds.map((i) => JSON.stringify(i)).join(", ")}`,
    );
  }
  const indicators = options.indicators ?? panel.indicators;
  for (const ind of indicators) {
    if (!panel.indicators.includes(ind)) throw new InputError(`${panel.source}: the panel has no indicator ${JSON.stringify(ind)} (it has ${panel.indicators.join(", ")})`);
  }
  const settings = {
    contiguityRule: options.contiguityRule ?? ("queen" as ContiguityRule),
    kernel: options.kde?.kernel ?? ("gaussian" as Kernel),
    scale: options.kde?.scale ?? 1,
    minRelativeHeight: options.minRelativeHeight ?? 0,
    permutations: options.permutations ?? 999,
    seed: options.seed ?? DEFAULT_SEED,
    alpha: options.alpha ?? 0.05,
  };
  const sample: SampleRule = options.sample ?? (() => true);
  const weightsCache = new Map<string, WeightsMatrix>();
  const weightsFor = (ids: string[]): WeightsMatrix => {
    const key = ids.join("\u0000");
    let w = weightsCache.get(key);
    if (!w) {
      w = rowStandardize(contiguity(options.topology, options.objectName, { rule: settings.contiguityRule, ids, idProperty: options.idProperty }));
      weightsCache.set(key, w);
    }
    return w;
  };

  const sections: CrossSection[] = [];
  for (const indicator of indicators) {
    const yearsWithRows = panel.years.filter((y) => panel.records.some((r) => r.indicator === indicator && r.year === y));
    const years = options.years ?? yearsWithRows;
    for (const year of years) {
      if (!yearsWithRows.includes(year)) {
        throw new InputError(`${panel.source}: indicator ${JSON.stringify(indicator)} has no rows for ${year} (it has ${yearsWithRows.join(", ") || "none"})`);
      }
      sections.push(crossSection(panel, indicator, year, mapIds, sample, weightsFor, settings, options.lisa !== false));
    }
  }
  const byKey = new Map(sections.map((s) => [`${s.indicator}\u0000${s.year}`, s]));
  return {
    sections,
    mapIds,
    mapSkipped,
    settings,
    get(indicator, year) {
      const s = byKey.get(`${indicator}\u0000${year}`);
      if (!s) throw new InputError(`no analysis of ${JSON.stringify(indicator)} in ${year} (analysed: ${sections.map((x) => `${x.indicator} ${x.year}`).join(", ")})`);
      return s;
    },
  };
}

function crossSection(
  panel: RegionalPanel,
  indicator: string,
  year: number,
  mapIds: string[],
  sample: SampleRule,
  weightsFor: (ids: string[]) => WeightsMatrix,
  settings: PanelAnalysis["settings"],
  withLisa: boolean,
): CrossSection {
  const label = `${indicator}, ${year}`;
  const ids: string[] = [];
  const vals: number[] = [];
  const excluded: SkippedRegion[] = [];
  const missing: SkippedRegion[] = [];
  for (const region of mapIds) {
    const inSample = sample(region, year, indicator);
    if (inSample !== true) {
      excluded.push({ region, reason: String(inSample) });
      continue;
    }
    const rec = panel.record(indicator, year, region);
    if (!rec) missing.push({ region, reason: "no row in the panel" });
    else if (rec.value === null) missing.push({ region, reason: `no figure (line ${rec.line})` });
    else {
      ids.push(region);
      vals.push(rec.value);
    }
  }
  const n = ids.length;
  const wrap = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      const err = e as Error;
      throw new InputError(`${label}: ${what}: ${err.message}`);
    }
  };
  if (n < 3) throw new InputError(`${label}: only ${n} region${n === 1 ? "" : "s"} with a value; too few for the analysis`);
  const values = Float64Array.from(vals);
  const g = wrap("Gini index", () => gini(values, { labels: ids }));
  const lc = wrap("Lorenz curve", () => lorenz(values, { labels: ids }));
  let density: KdeResult | null = null;
  let kdeSkipped: string | null = null;
  let modes: ModesResult | null = null;
  if (n < 30) kdeSkipped = `${n} regions: Gretl's kdensity refuses fewer than 30 observations`;
  else {
    density = wrap("kernel density", () => kde(values, { convention: "gretl", kernel: settings.kernel, scale: settings.scale }));
    modes = findModes(density, { minRelativeHeight: settings.minRelativeHeight });
  }
  const w = weightsFor(ids);
  const m = wrap("Moran's I", () => moran(values, w, { permutations: settings.permutations, seed: settings.seed }));
  const lisa = withLisa ? wrap("local Moran", () => localMoran(values, w, { permutations: settings.permutations, seed: settings.seed, alpha: settings.alpha })) : null;
  return {
    indicator,
    year,
    ids,
    values,
    n,
    excluded,
    missing,
    gini: g,
    lorenz: lc,
    kde: density,
    kdeSkipped,
    modes,
    weights: w,
    islands: w.islands.slice(),
    moran: m,
    lisa,
  };
}

/** One line per cross-section, for a table: sizes, Gini, modes, Moran's I with its p-values, LISA counts, skipped regions. */
export type CrossSectionSummary = {
  indicator: string;
  year: number;
  n: number;
  gini: number;
  modes: number | null;
  moranI: number;
  pNormal: number;
  pRandomization: number;
  pPermutation: number | null;
  HH: number;
  LL: number;
  LH: number;
  HL: number;
  islands: string;
  excluded: string;
  missing: string;
};

/**
 * A summary row per cross-section (counts of LISA clusters significant at the analysis' alpha; skipped
 * regions by name).
 *
 * @example
 * // with `a` from the example of analyzePanel
 * summarizePanelAnalysis(a)[0]
 * // → { indicator: "x", year: 2020, n: 3, gini: 0.37037037037037035, modes: null, moranI: -0.10714285714285714,
 * //     pNormal: 0.26649612895753216, pRandomization: NaN, pPermutation: null, HH: 0, LL: 0, LH: 0, HL: 0,
 * //     islands: "", excluded: "", missing: "" }
 */
export function summarizePanelAnalysis(analysis: PanelAnalysis): CrossSectionSummary[] {
  return analysis.sections.map((s) => {
    const count = (q: string) => (s.lisa ? s.lisa.cluster.filter((c) => c === q).length : 0);
    return {
      indicator: s.indicator,
      year: s.year,
      n: s.n,
      gini: s.gini,
      modes: s.modes ? s.modes.count : null,
      moranI: s.moran.I,
      pNormal: s.moran.pNormal,
      pRandomization: s.moran.pRandomization,
      pPermutation: s.moran.pPermutation ?? null,
      HH: count("HH"),
      LL: count("LL"),
      LH: count("LH"),
      HL: count("HL"),
      islands: s.islands.join(", "),
      excluded: s.excluded.map((e) => e.region).join(", "),
      missing: s.missing.map((e) => `${e.region} (${e.reason})`).join(", "),
    };
  });
}
