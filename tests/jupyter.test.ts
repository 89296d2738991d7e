/**
 * The interactive path: the kernelspec the project writes, and a notebook executed by Jupyter itself
 * (nbconvert) through that kernel — the same kernel the headless runner drives.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installKernel, kernelSpec } from "../scripts/kernel-install";
import { findJupyter, INSTALL_HELP, jupyterArgs } from "../scripts/notebook";
import { KERNEL_LAUNCHER } from "../scripts/runner/kernel";

const root = join(__dirname, "..");

describe("kernelspec", () => {
  it("starts the project's launcher with this Node and Jupyter's connection file", () => {
    const spec = kernelSpec();
    expect(spec.argv).toEqual([process.execPath, KERNEL_LAUNCHER, "--config-path", "{connection_file}"]);
    expect(spec.language).toBe("typescript");
  });
  it("is written under PREFIX/share/jupyter/kernels/baltic-repro", () => {
    const prefix = mkdtempSync(join(tmpdir(), "kernel-prefix-"));
    const dir = installKernel({ prefix });
    expect(dir).toBe(join(prefix, "share", "jupyter", "kernels", "baltic-repro"));
    expect(JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")).display_name).toBe("TypeScript (baltic-repro)");
  });
  it("starts Jupyter with --allow-root as root (once), and without it otherwise", () => {
    expect(jupyterArgs("notebook", "/nb", ["--no-browser"], true)).toEqual(["notebook", "--notebook-dir=/nb", "--no-browser", "--allow-root"]);
    expect(jupyterArgs("lab", "/nb", ["--allow-root"], true)).toEqual(["lab", "--notebook-dir=/nb", "--allow-root"]);
    expect(jupyterArgs("lab", "/nb", [], false)).toEqual(["lab", "--notebook-dir=/nb"]);
  });
  it("says how to install Jupyter when it is missing", () => {
    expect(INSTALL_HELP).toMatch(/pip install jupyterlab/);
    expect(INSTALL_HELP).toMatch(/apt-get install jupyter-notebook/);
  });
});

const jupyter = findJupyter();
const nbconvert = jupyter ? spawnSync(jupyter, ["nbconvert", "--version"], { encoding: "utf8" }).status === 0 : false;
if (!nbconvert) console.warn("jupyter nbconvert is not installed: skipping the test that runs a notebook through Jupyter (apt-get install jupyter-nbconvert python3-nbclient)");

describe.skipIf(!nbconvert)("a notebook executed by Jupyter with the project's kernel", () => {
  it("runs the import form and produces the same records the runner reads", () => {
    const prefix = mkdtempSync(join(tmpdir(), "kernel-prefix-"));
    installKernel({ prefix });
    const out = join(mkdtempSync(join(tmpdir(), "nbconvert-")), "out.ipynb");
    const r = spawnSync(jupyter!, ["nbconvert", "--to", "notebook", "--execute", join(root, "tests/fixtures/notebooks/fixture-ok.ipynb"), "--output", out], {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), BALTIC_REPRO_DATA_DIR: join(root, "tests/fixtures/data") },
      timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const nb = JSON.parse(readFileSync(out, "utf8"));
    const mimes = nb.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => (c.outputs ?? []).flatMap((o) => Object.keys(o.data ?? {})));
    expect(mimes).toContain("application/vnd.baltic-repro.v1+json");
    expect(mimes).toContain("application/vnd.plotly.v1+json");
    expect(mimes).toContain("text/html");
    // nbconvert's HTML (no plotly.js on the page, as on GitHub or nbviewer) shows the static picture of each figure.
    const html = spawnSync(jupyter!, ["nbconvert", "--to", "html", out, "--output", out.replace(/\.ipynb$/, ".html")], { encoding: "utf8", timeout: 60_000 });
    expect(html.status, html.stderr).toBe(0);
    const page = readFileSync(out.replace(/\.ipynb$/, ".html"), "utf8");
    expect(page).toMatch(/<div id="br-fig-[^"]+" class="baltic-repro-figure"[^>]*><img alt="[^"]*" style="max-width:100%" src="data:image\/svg\+xml;base64,/);
    expect(page).not.toContain("Plotly is not loaded");
  }, 120_000);
});
