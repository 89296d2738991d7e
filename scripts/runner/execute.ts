/**
 * Execute one notebook, cell by cell, in a fresh kernel, and return it with its outputs.
 *
 * The kernel (scripts/kernel/server.cjs) sends what Jupyter does: a cell's last expression as execute_result,
 * a failure as an `error` output (ename, evalue, a traceback at the cell's line), and in each execute_reply's
 * metadata how many output messages it published — so a cell whose output did not all arrive is a failure
 * ("output-lost"), never reported ok. The runner sends one cell at a time and stops at the first failure.
 */
import { basename, dirname } from "node:path";
import { BadFileError, readJsonFile } from "./json-file";
import { KernelClient, KernelError, type CellResult, type CellStatus, type Output } from "./kernel";

export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface NotebookDoc {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

export interface Failure {
  /** 1-based number of the code cell among all cells, as Jupyter shows "In [n]". */
  cell: number;
  /** The first non-empty line of the cell's source. */
  firstLine: string;
  /** "input": a file the notebook's article needs (the notebook, expected.json, tables.json) cannot be used. */
  kind: "error" | "timeout" | "died" | "kernel-start" | "output-lost" | "input";
  /** The real diagnostic (the kernel's error output, or the kernel's own log when it died). */
  diagnostic: string;
}

export interface ExecutedNotebook {
  id: string;
  path: string;
  notebook: NotebookDoc;
  status: "ok" | "failed";
  failure?: Failure;
  /** Per code cell, milliseconds (kept out of the report so that it is byte-identical across runs). */
  timings: { cell: number; ms: number }[];
  kernelStartMs: number;
  totalMs: number;
  /** The kernel's process id (gone by the time the result is returned). */
  kernelPid?: number;
}

export interface ExecuteOptions {
  cellTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Start the kernel from this snapshot blob (scripts/kernel-snapshot.cjs) instead of from scratch. */
  kernelSnapshot?: string;
  /**
   * Called once a kernel has failed to start from the snapshot (why, in words); the caller can stop handing
   * the snapshot to later notebooks.
   */
  onSnapshotFailure?: (why: string) => void;
  /** Called with a line of progress. */
  progress?: (line: string) => void;
  /** Report a still-running cell every this many ms (default 10 000). */
  heartbeatMs?: number;
  /** Report a finished cell that took at least this many ms (default 2 000). */
  slowCellMs?: number;
}

export const sourceText = (c: NotebookCell): string => (Array.isArray(c.source) ? c.source.join("") : c.source ?? "");

export const firstLine = (code: string): string => (code.split("\n").find((l) => l.trim() !== "") ?? "").trim().slice(0, 120);

/** Read and check a notebook file; a bad one is a BadFileError naming the file, line and column. */
export function readNotebook(path: string): NotebookDoc {
  const nb = readJsonFile(path, "an nbformat 4 notebook") as NotebookDoc;
  if (nb === null || typeof nb !== "object" || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new BadFileError(path, `not an nbformat 4 notebook (nbformat ${JSON.stringify((nb as Partial<NotebookDoc> | null)?.nbformat)}, ${Array.isArray((nb as Partial<NotebookDoc> | null)?.cells) ? "with" : "no"} cells list)`);
  }
  return nb;
}

/** The diagnostic text of a failed cell from its stderr (a kernel that sent no error output), minus Node's internal stack frames. */
export function cleanDiagnostic(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => !/^\s+at (node:|Script\.|sigintHandlersWrap|Object\.runInThisContext|.*node_modules\/tslab\/)/.test(l))
    .join("\n")
    .trim();
}

/**
 * A kernel for one notebook: from the snapshot when there is one; if it does not start from it (a damaged or
 * vanished blob, a Node that cannot read it), say so and start it from scratch, which gives the same results.
 */
async function startKernel(cwd: string, options: ExecuteOptions, progress: (line: string) => void): Promise<KernelClient> {
  if (options.kernelSnapshot) {
    try {
      return await KernelClient.start({ cwd, env: options.env, snapshot: options.kernelSnapshot });
    } catch (e) {
      const why = (e as Error).message.split("\n").filter((l) => l.trim() !== "").slice(0, 3).join(" | ");
      progress(`the kernel did not start from the snapshot (${why}); starting it from scratch`);
      options.onSnapshotFailure?.(why);
    }
  }
  return KernelClient.start({ cwd, env: options.env });
}

export async function executeNotebook(path: string, options: ExecuteOptions): Promise<ExecutedNotebook> {
  const id = basename(path).replace(/\.ipynb$/, "");
  const started = Date.now();
  let notebook: NotebookDoc;
  try {
    notebook = readNotebook(path);
  } catch (e) {
    // A notebook that cannot be read fails alone, before any kernel starts; the other notebooks still run.
    const empty: NotebookDoc = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
    return { id, path, notebook: empty, status: "failed", failure: { cell: 0, firstLine: "", kind: "input", diagnostic: (e as Error).message }, timings: [], kernelStartMs: 0, totalMs: Date.now() - started };
  }
  const progress = options.progress ?? (() => undefined);
  const cells: NotebookCell[] = notebook.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : { ...c }));
  const result: ExecutedNotebook = { id, path, notebook: { ...notebook, cells }, status: "ok", timings: [], kernelStartMs: 0, totalMs: 0 };
  const codeCells = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code" && sourceText(c).trim() !== "");

  let kernel: KernelClient;
  const t0 = Date.now();
  try {
    kernel = await startKernel(dirname(path), options, (line) => progress(`${id}: ${line}`));
  } catch (e) {
    result.status = "failed";
    result.failure = { cell: 0, firstLine: "", kind: "kernel-start", diagnostic: (e as Error).message };
    result.totalMs = Date.now() - started;
    return result;
  }
  result.kernelStartMs = Date.now() - t0;
  result.kernelPid = kernel.pid;
  try {
    let n = 0;
    for (const { c, i } of codeCells) {
      n++;
      const code = sourceText(c);
      const heartbeat = setInterval(() => progress(`${id}: cell ${n}/${codeCells.length} still running (${firstLine(code)})`), options.heartbeatMs ?? 10_000);
      let r;
      try {
        r = await kernel.execute(code, options.cellTimeoutMs, c.id);
      } finally {
        clearInterval(heartbeat);
      }
      result.timings.push({ cell: i + 1, ms: r.elapsed });
      if (r.elapsed >= (options.slowCellMs ?? 2000)) progress(`${id}: cell ${n}/${codeCells.length} took ${(r.elapsed / 1000).toFixed(1)} s (${firstLine(code)})`);
      c.outputs = r.outputs;
      c.execution_count = r.executionCount;
      const lost = lostOutput(r);
      if (r.status === "ok" && !lost) continue;
      const failure = lost
        ? { cell: i + 1, firstLine: firstLine(code), kind: "output-lost" as const, diagnostic: lost }
        : describeFailure(r.status, i + 1, code, r, kernel, options.cellTimeoutMs);
      // The kernel's own error output is already there; other failures get one, so the notebook shows them.
      if (!c.outputs.some((o) => o.output_type === "error")) {
        c.outputs.push({ output_type: "error", ename: failure.kind === "error" ? "Error" : failure.kind, evalue: failure.diagnostic.split("\n")[0] ?? "", traceback: failure.diagnostic.split("\n") });
      }
      result.status = "failed";
      result.failure = failure;
      break;
    }
  } catch (e) {
    result.status = "failed";
    result.failure = { cell: 0, firstLine: "", kind: "died", diagnostic: e instanceof KernelError ? e.message : String(e) };
  } finally {
    await kernel.shutdown();
  }
  result.totalMs = Date.now() - started;
  return result;
}

/** Why a cell that the kernel reports ok lost output on the way (fewer output messages arrived than sent), or null. */
export function lostOutput(r: Pick<CellResult, "status" | "outputMessages">): string | null {
  const { sent, received } = r.outputMessages;
  if (r.status !== "ok" || sent === null || received >= sent) return null;
  return `output was lost: the kernel published ${sent} output messages for the cell, ${received} arrived`;
}

function describeFailure(status: CellStatus, cell: number, code: string, r: CellResult, kernel: KernelClient, timeoutMs: number): Failure {
  const line = firstLine(code);
  const stderr = r.stderr;
  if (status === "timeout") {
    return { cell, firstLine: line, kind: "timeout", diagnostic: `the cell did not finish within ${timeoutMs / 1000} s (--cell-timeout); the kernel was stopped` };
  }
  if (status === "died") {
    return { cell, firstLine: line, kind: "died", diagnostic: `the kernel died while running the cell (${kernel.exitDescription ?? "no longer answering"})\n${cleanDiagnostic(stderr + "\n" + kernel.processLog)}`.trim() };
  }
  const error = r.outputs.find((o): o is Extract<Output, { output_type: "error" }> => o.output_type === "error");
  const diag = error ? (error.traceback.length ? error.traceback.join("\n") : `${error.ename}: ${error.evalue}`) : cleanDiagnostic(stderr);
  return { cell, firstLine: line, kind: "error", diagnostic: diag || (status === "abort" ? "the kernel aborted the cell" : "the cell failed without a diagnostic") };
}
