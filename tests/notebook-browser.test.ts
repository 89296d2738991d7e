/**
 * A person's session in the classic Notebook (Debian's jupyter-notebook), driven by Debian's headless Chromium
 * through playwright-core: start the server with the project's kernelspec (temporary Jupyter folders), open a
 * notebook, Run All, save, reload — the figures must render after the reload (plotly.js served by Jupyter,
 * not embedded), the saved file must stay small, and re-running a cell that declares a figure must work.
 * Screenshots go to reports/notebook-classic-*.png (git-ignored) for a person to look at.
 *
 * Skipped, with a message, when Chromium or the classic Notebook is absent.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernel } from "../scripts/kernel-install";

const ROOT = join(__dirname, "..");
const CHROMIUM = "/usr/bin/chromium";
const JUPYTER = "/usr/bin/jupyter";
const HAVE = existsSync(CHROMIUM) && spawnSync(JUPYTER, ["notebook", "--version"], { encoding: "utf8" }).status === 0;
if (!HAVE) console.warn("notebook-browser: skipped — needs /usr/bin/chromium and Debian's jupyter-notebook (apt-get install chromium jupyter-notebook)");

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = net.createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => ok(port));
    });
  });

/** What the page functions see (the project's tsconfig has no DOM library). */
interface NotebookCellJs {
  cell_type: string;
  input_prompt_number: number | string | null | undefined;
  execute(): void;
}
interface NotebookWindow {
  Jupyter: {
    notebook: {
      kernel: { is_connected(): boolean } | null;
      execute_all_cells(): void;
      get_cells(): NotebookCellJs[];
      save_notebook(): Promise<unknown>;
      trusted: boolean;
    };
  };
  document: { querySelectorAll(s: string): ArrayLike<unknown> };
}
declare const window: NotebookWindow;

describe.skipIf(!HAVE)("the classic Notebook in a browser: run all, save, reload", () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let base: string;
  let work: string;
  const token = "baltic-repro-test";
  const problems: string[] = [];

  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), "nb-browser-"));
    const prefix = join(tmp, "prefix");
    installKernel({ prefix });
    work = join(tmp, "work");
    mkdirSync(work);
    // The kernel resolves `baltic-repro` from the notebook's folder, as in the project.
    symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"));
    copyFileSync(join(ROOT, "tests", "fixtures", "notebooks", "fixture-ok.ipynb"), join(work, "fixture-ok.ipynb"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const root = typeof process.getuid === "function" && process.getuid() === 0 ? ["--allow-root"] : [];
    server = spawn(JUPYTER, ["notebook", "--no-browser", `--port=${port}`, "--ip=127.0.0.1", `--NotebookApp.token=${token}`, `--notebook-dir=${work}`, ...root], {
      env: {
        ...process.env,
        JUPYTER_PATH: join(prefix, "share", "jupyter"),
        JUPYTER_DATA_DIR: join(tmp, "data"),
        JUPYTER_CONFIG_DIR: join(tmp, "config"),
        JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
        BALTIC_REPRO_DATA_DIR: join(ROOT, "tests", "fixtures", "data"),
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let log = "";
    server.stdout!.on("data", (d) => (log += d));
    server.stderr!.on("data", (d) => (log += d));
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api?token=${token}`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 100) throw new Error(`the Notebook server did not start:\n${log}`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`request outside the server: ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // gone
      }
    }
  });

  const openNotebook = async () => {
    await page.goto(`${base}/notebooks/fixture-ok.ipynb?token=${token}`);
    await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected() === true, undefined, { timeout: 60_000 });
  };
  const figuresDrawn = () => page.evaluate(() => window.document.querySelectorAll(".baltic-repro-figure .main-svg").length);
  const allRun = () =>
    page.waitForFunction(
      () => window.Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code" || typeof c.input_prompt_number === "number"),
      undefined,
      { timeout: 90_000 },
    );

  it("runs all cells and draws the figure with plotly.js served by Jupyter", async () => {
    await openNotebook();
    await page.evaluate(() => window.Jupyter.notebook.execute_all_cells());
    await allRun();
    await page.waitForFunction(() => window.document.querySelectorAll(".baltic-repro-figure .main-svg").length > 0, undefined, { timeout: 30_000 });
    expect(await figuresDrawn()).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.document.querySelectorAll(".output_error").length)).toBe(0);
    await page.screenshot({ path: join(ROOT, "reports", "notebook-classic-run.png"), fullPage: true });
  }, 150_000);

  it("saves a small notebook, and draws the figure again after a reload", async () => {
    await page.evaluate(() => window.Jupyter.notebook.save_notebook());
    await new Promise((ok) => setTimeout(ok, 1000));
    const saved = JSON.parse(readFileSync(join(work, "fixture-ok.ipynb"), "utf8"));
    expect(saved.cells.filter((c: { execution_count: unknown }) => typeof c.execution_count === "number").length).toBeGreaterThan(2);
    expect(statSync(join(work, "fixture-ok.ipynb")).size).toBeLessThan(200_000); // plotly.js alone is 4.9 MB
    await page.reload();
    await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected() === true, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.Jupyter.notebook.trusted)).toBe(true);
    await page.waitForFunction(() => window.document.querySelectorAll(".baltic-repro-figure .main-svg").length > 0, undefined, { timeout: 30_000 });
    await page.screenshot({ path: join(ROOT, "reports", "notebook-classic-reloaded.png"), fullPage: true });
  }, 120_000);

  it("shows the static picture of a figure in an untrusted notebook, where no script runs", async () => {
    // A copy with other content is not covered by the signature Jupyter recorded when it saved the notebook.
    const saved = JSON.parse(readFileSync(join(work, "fixture-ok.ipynb"), "utf8"));
    saved.metadata.note = "an untrusted copy";
    writeFileSync(join(work, "untrusted.ipynb"), JSON.stringify(saved));
    const other = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    try {
      await other.goto(`${base}/notebooks/untrusted.ipynb?token=${token}`);
      await other.waitForFunction(() => (window.Jupyter?.notebook as unknown as { _fully_loaded?: boolean })?._fully_loaded === true, undefined, { timeout: 60_000 });
      await other.waitForTimeout(1500);
      const seen = await other.evaluate(() => {
        const doc = window.document as unknown as { querySelectorAll(s: string): ArrayLike<{ naturalWidth: number; src: string }> };
        return {
          trusted: window.Jupyter.notebook.trusted,
          drawn: doc.querySelectorAll(".baltic-repro-figure .main-svg").length,
          pictures: Array.from(doc.querySelectorAll(".baltic-repro-figure img")).map((i) => ({ width: i.naturalWidth, svg: i.src.startsWith("data:image/svg+xml;base64,") })),
        };
      });
      expect(seen.trusted).toBe(false);
      expect(seen.drawn).toBe(0);
      expect(seen.pictures.length).toBeGreaterThan(0);
      for (const p of seen.pictures) expect(p).toEqual({ width: expect.any(Number), svg: true });
      expect(Math.min(...seen.pictures.map((p) => p.width))).toBeGreaterThan(100);
      await other.screenshot({ path: join(ROOT, "reports", "notebook-classic-untrusted.png") });
    } finally {
      await other.close();
    }
  }, 90_000);

  it("re-runs a cell that declares a figure and a claim without an error", async () => {
    await page.evaluate(() => {
      const cells = window.Jupyter.notebook.get_cells();
      cells[3].execute();
    });
    await allRun();
    await new Promise((ok) => setTimeout(ok, 500));
    expect(await page.evaluate(() => window.document.querySelectorAll(".output_error").length)).toBe(0);
    expect(problems.filter((p) => !/favicon|\/api\/kernels\/.*\/channels|nbextensions\/widgets|custom\.js|custom\.css|lab\/extensions/.test(p))).toEqual([]);
  }, 60_000);
});
