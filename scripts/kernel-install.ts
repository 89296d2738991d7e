/**
 * npm run kernel:install — register the project's TypeScript kernel with Jupyter.
 *
 * Writes a kernelspec (kernels/baltic-repro/kernel.json) that starts scripts/kernel.cjs — tslab with the
 * project's module arrangement — with this Node. `tslab install` is not used: it needs IPython, and it would
 * start plain tslab, which cannot import the library's TypeScript sources.
 *
 *   npm run kernel:install                      into the user's Jupyter data folder
 *   npm run kernel:install -- --prefix DIR      into DIR/share/jupyter/kernels (e.g. a virtualenv)
 *   npm run kernel:install -- --print           print the kernelspec and where it would go; write nothing
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, platform } from "node:os";
import { join, resolve } from "node:path";
import { KERNELSPEC } from "./ipynb";
import { KERNEL_LAUNCHER } from "./runner/kernel";

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal";
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

export function kernelSpec(node = process.execPath, launcher = KERNEL_LAUNCHER): KernelSpec {
  return {
    argv: [node, launcher, "--config-path", "{connection_file}"],
    display_name: KERNELSPEC.display_name,
    language: KERNELSPEC.language,
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false, project: "baltic-repro" },
  };
}

/** Where Jupyter looks for user kernels: `jupyter --data-dir` when Jupyter is installed, else its default. */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return resolve(process.env.JUPYTER_DATA_DIR);
  const r = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8" });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  if (platform() === "darwin") return join(homedir(), "Library", "Jupyter");
  if (platform() === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter");
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
}

/**
 * Where plotly.js is put in a Jupyter data folder, so that the Jupyter server serves it to notebook pages
 * (lib/display.ts, PLOTLY_SERVED_PATHS): the classic Notebook serves `nbextensions/`, JupyterLab
 * `labextensions/` (as /lab/extensions/…). A copy per data folder, never a CDN, never inside a notebook.
 */
export const PLOTLY_FILES = [join("nbextensions", "baltic-repro", "plotly.min.js"), join("labextensions", "baltic-repro", "static", "plotly.min.js")];

export function installKernel(options: { prefix?: string; print?: boolean } = {}): string {
  const base = options.prefix ? join(resolve(options.prefix), "share", "jupyter") : userDataDir();
  const dir = join(base, "kernels", KERNELSPEC.name);
  const spec = JSON.stringify(kernelSpec(), null, 2) + "\n";
  if (options.print) {
    process.stdout.write(`${join(dir, "kernel.json")}\n${spec}`);
    return dir;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), spec);
  const plotly = createRequire(import.meta.url).resolve("plotly.js-dist-min");
  for (const file of PLOTLY_FILES) {
    mkdirSync(join(base, file, ".."), { recursive: true });
    copyFileSync(plotly, join(base, file));
  }
  return dir;
}

function main(argv: string[]): void {
  const options: { prefix?: string; print?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--prefix" && argv[i + 1]) options.prefix = argv[++i];
    else if (argv[i] === "--print") options.print = true;
    else {
      console.error("usage: npm run kernel:install -- [--prefix DIR] [--print]");
      process.exit(2);
    }
  }
  const dir = installKernel(options);
  if (!options.print) {
    console.log(`Installed the kernel "${KERNELSPEC.display_name}" (${KERNELSPEC.name}) in ${dir}, and plotly.js for its figures`);
    console.log("Start Jupyter with `npm run notebook` and pick that kernel (the project's notebooks already use it).");
  }
}

if (process.argv[1] && /kernel-install\.ts$/.test(process.argv[1])) main(process.argv.slice(2));
