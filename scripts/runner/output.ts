/**
 * Where a run's report goes, so that reports/ always holds exactly one run, whole.
 *
 * - Checked before any notebook runs: the report folder (and the folder holding it) must be writable, and an
 *   existing --out folder must be a report folder (it holds report.json) or empty — it is replaced whole.
 * - Written aside: the run writes into a staging folder beside it (`.reports.new-<pid>`), then swaps it in
 *   with two renames (the old folder moved aside, the new one moved in, the old one removed). A reader never
 *   sees two runs mixed: no index.html of an earlier run next to a new report.json (--no-html), no executed
 *   notebook of a notebook that no longer exists.
 * - Nothing is written by a run that does not finish: a stopped or crashed run removes its staging folder
 *   (on exit; one left by a `kill -9` is removed by the next run), and reports/ keeps the previous run.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { displayFile } from "./json-file";

/** The report folder cannot be written: the message says which folder and why; nothing has been run. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

export interface StagedOutput {
  /** The report folder the run replaces when it commits. */
  readonly outDir: string;
  /** Where the run writes its report until then. */
  readonly dir: string;
  /** Swap the staged report in; reports/ then holds this run only. */
  commit(): void;
  /** Drop the staged report (the run did not finish); reports/ keeps the previous run. */
  discard(): void;
  /** Entries of the existing folder that no run writes (screenshots, notes): replaced with the rest. */
  readonly dropped: readonly string[];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

let staged = 0;

const why = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Can files be created and removed in `dir`? (A real probe: access() says yes to root on a read-only mount.) */
function probeWritable(dir: string): void {
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
  } catch (e) {
    throw new OutputError(`cannot write the report: ${displayFile(dir)} is not writable (${why(e)}); nothing was run. Make it writable, or choose another folder with --out DIR`);
  }
}

/**
 * Check that a report can be written to `outDir` and create the staging folder beside it. Throws an
 * OutputError, before anything has run, when it cannot.
 */
export function prepareOutput(outDir: string, options: { owned?: boolean } = {}): StagedOutput {
  const parent = dirname(outDir);
  const base = basename(outDir);
  let dropped: string[] = [];
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new OutputError(`cannot write the report: ${displayFile(outDir)} is a file, not a folder; nothing was run`);
    const entries = readdirSync(outDir);
    // The folder is replaced whole. The project's own reports/ (git-ignored, the runner's) always may be; a
    // folder given with --out only when it is a report folder, so that `--out .` by mistake deletes nothing.
    dropped = entries.filter((f) => !REPORT_ENTRY.test(f));
    // Without report.json only shard and staging folders may be there (a notebooks folder has .ipynb files too).
    const unknown = entries.filter((f) => !/^shard-\d+-of-\d+$/.test(f) && !f.startsWith("."));
    if (!options.owned && unknown.length && !entries.includes("report.json")) {
      throw new OutputError(`${displayFile(outDir)} is not a report folder (it has files and no report.json) and would be replaced whole; choose an empty or new folder with --out DIR`);
    }
    probeWritable(outDir);
    for (const sub of entries) if (statSync(join(outDir, sub)).isDirectory()) probeWritable(join(outDir, sub));
  }
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new OutputError(`cannot write the report: cannot create ${displayFile(parent)} (${why(e)}); nothing was run`);
  }
  probeWritable(parent);
  // Staging folders of runs that were killed (kill -9 leaves no chance to clean up).
  for (const f of readdirSync(parent)) {
    const m = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(new|old)-(\\d+)(-\\d+)?$`).exec(f);
    if (m && Number(m[2]) !== process.pid && !alive(Number(m[2]))) rmSync(join(parent, f), { recursive: true, force: true });
  }
  // pid and a count: two runs in one process (the API, tests) stage apart too.
  const tag = `${process.pid}-${++staged}`;
  const dir = join(parent, `.${base}.new-${tag}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  let state: "open" | "committed" | "discarded" = "open";
  const discard = () => {
    if (state !== "open") return;
    state = "discarded";
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", discard);
  };
  // However the process ends (an exception, a signal handler calling process.exit), no staging is left.
  process.on("exit", discard);
  const commit = () => {
    if (state !== "open") throw new Error(`the staged report was already ${state}`);
    const old = join(parent, `.${base}.old-${tag}`);
    rmSync(old, { recursive: true, force: true });
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(outDir, old);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      try {
        renameSync(dir, outDir);
        break;
      } catch (e) {
        // Another run swapped its report in between our two renames: ours is newer, try again.
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 5) throw e;
        rmSync(old, { recursive: true, force: true });
      }
    }
    state = "committed";
    process.off("exit", discard);
    rmSync(old, { recursive: true, force: true });
  };
  return { outDir, dir, commit, discard, dropped };
}

/** What a run writes into its report folder (report.*, the notebooks and their pages, plotly, shards). */
const REPORT_ENTRY = /^(report\.(json|md)|timings\.json|figures\.json|index\.html|shard\.json|notebooks|plotly[\w.-]*\.js|[^/]+\.ipynb|shard-\d+-of-\d+|\..*)$/;
