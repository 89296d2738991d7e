/**
 * End to end: run the real runner (scripts/reproduce.ts, real tslab kernel) on the fixture notebook, open the
 * HTML report from disk in Debian's headless Chromium (/usr/bin/chromium, driven by playwright-core — never a
 * downloaded browser), and check that every article section and every figure rendered, with no console
 * error and no request other than file://. Screenshots go to reports/index.png and
 * reports/notebook-fixture-ok.png (reports/ is git-ignored) for a person to look at.
 *
 * Skipped, with a message, when /usr/bin/chromium is absent.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../scripts/runner/report";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`e2e-report: skipped — ${CHROMIUM} is absent (apt-get install -y chromium to run the browser test)`);

/** Run the runner's command line on the fixture notebook; resolve with its exit code and output. */
function runReproduce(outDir: string): Promise<{ code: number | null; output: string }> {
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const args = [join(ROOT, "scripts", "reproduce.ts"), "--notebooks", "tests/fixtures/notebooks", "--only", "fixture-ok", "--data", "tests/fixtures/data", "--out", outDir, "--jobs", "1", "--cell-timeout", "120"];
  return new Promise((done, fail) => {
    const child = spawn(tsx, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, output }));
  });
}

/** The little of the DOM the page functions use (the project's tsconfig has no DOM library). */
interface BrowserElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): unknown;
  classList: { contains(name: string): boolean };
  href?: string;
}
interface BrowserWindow {
  document: { querySelectorAll(selector: string): ArrayLike<BrowserElement> };
  getComputedStyle(e: BrowserElement): { backgroundColor: string };
}

interface PageLog {
  problems: string[];
  requests: string[];
}

/** Open a file in a new page, recording console errors, page errors, failed loads and every request. */
async function open(browser: Browser, file: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const log: PageLog = { problems: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") log.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => log.problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => log.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => log.requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, log };
}

/** Wait until Plotly has drawn every figure div of the page (or one failed and says so). */
async function figuresDrawn(page: Page): Promise<void> {
  // Runs in the page (tsconfig has no DOM library, hence the casts).
  await page.waitForFunction(
    () => {
      const divs: BrowserElement[] = Array.from((globalThis as unknown as BrowserWindow).document.querySelectorAll("div.plotly-figure"));
      return divs.every((d) => d.querySelector(".main-svg") !== null || d.classList.contains("figure-error"));
    },
    undefined,
    { timeout: 20_000 },
  );
}

describe.skipIf(!HAVE_CHROMIUM)("the HTML report in headless Chromium", () => {
  let out = "";
  let browser: Browser | undefined;
  let report: Report;
  const shots = join(ROOT, "reports");

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "baltic-e2e-report-"));
    const run = await runReproduce(out);
    expect(run.code, run.output).toBe(0);
    report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    });
    mkdirSync(shots, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("index.html: every article section and every figure rendered, offline, without errors", async () => {
    const { page, log } = await open(browser!, join(out, "index.html"));
    try {
      await figuresDrawn(page);
      expect(report.articles.map((a) => a.id)).toEqual(["fixture-ok"]);
      for (const a of report.articles) {
        const section = page.locator(`section#${a.id}`);
        expect(await section.count()).toBe(1);
        expect(await section.isVisible()).toBe(true);
        // Every figure the notebook declared is drawn by Plotly inside the article's section.
        const figures = section.locator("div.plotly-figure");
        expect(await figures.count()).toBe(a.figures.length);
        for (let i = 0; i < a.figures.length; i++) {
          expect(await figures.nth(i).locator(".plot-container .main-svg").count()).toBeGreaterThan(0);
        }
      }
      expect(report.articles[0].figures.length).toBeGreaterThan(0);
      // The fixture's figure is a bar chart of x = 1.5, 2, −3: three bars, and its title.
      const bars = page.locator("section#fixture-ok div.plotly-figure").first();
      expect(await bars.locator(".trace.bars .point").count()).toBe(3);
      expect(await bars.locator(".gtitle").textContent()).toBe("x");
      expect(await page.locator("div.figure-error").count()).toBe(0);

      // Each compared cell carries its status, and the colour follows it.
      const cells = await page.$$eval("td.derived[data-status]", (tds) =>
        (tds as unknown as BrowserElement[]).map((td) => ({ status: td.getAttribute("data-status"), bg: (globalThis as unknown as BrowserWindow).getComputedStyle(td).backgroundColor, title: td.getAttribute("title") })),
      );
      expect(cells.map((c) => c.status)).toEqual(report.values.map((v) => v.status));
      const rgb = (s: string) => s.match(/\d+/g)!.slice(0, 3).map(Number);
      for (const c of cells) {
        const [r, g, b] = rgb(c.bg);
        if (c.status === "match") expect(g).toBeGreaterThan(Math.max(r, b));
        if (c.status === "discrepant") expect(r).toBeGreaterThan(Math.max(g, b));
        expect(c.title).toMatch(new RegExp(`^${c.status}: `));
      }
      expect(await page.locator("td.verdict[data-status]").count()).toBe(report.claims.length);

      // Links to the executed notebooks point at files that exist.
      const hrefs = await page.$$eval('a[href^="notebooks/"]', (as) => (as as unknown as BrowserElement[]).map((a) => a.href ?? ""));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const h of hrefs) expect(existsSync(fileURLToPath(h.replace(/#.*$/, ""))), h).toBe(true);

      expect(log.problems).toEqual([]);
      expect(log.requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
      expect(log.requests).toEqual([pathToFileURL(join(out, "index.html")).href]);
      await page.screenshot({ path: join(shots, "index.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("the executed notebook page: cells, outputs and figures rendered, plotly.js from ../plotly.min.js", async () => {
    const { page, log } = await open(browser!, join(out, "notebooks", "fixture-ok.html"));
    try {
      await figuresDrawn(page);
      expect(await page.locator("div.cell.code").count()).toBe(4);
      expect(await page.locator("div.cell.markdown h1").textContent()).toBe("A passing notebook");
      expect(await page.locator("div.plotly-figure .main-svg").count()).toBeGreaterThan(0);
      expect(await page.locator("div.figure-error").count()).toBe(0);
      expect(await page.content()).not.toContain("application/vnd.baltic-repro");
      expect(log.problems).toEqual([]);
      expect(log.requests).toEqual([pathToFileURL(join(out, "notebooks", "fixture-ok.html")).href, pathToFileURL(resolve(out, "plotly.min.js")).href]);
      await page.screenshot({ path: join(shots, "notebook-fixture-ok.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
