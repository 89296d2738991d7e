/**
 * npm run notebook — start Jupyter on notebooks/ with the project's kernel registered.
 *
 * Uses JupyterLab when it is installed, else the classic Notebook. When Jupyter is not installed it says
 * exactly how to install it and exits with status 1. Extra arguments go to Jupyter:
 *   npm run notebook -- --no-browser --port 8890
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { installKernel } from "./kernel-install";
import { PROJECT_ROOT } from "./runner/kernel";

/** The Jupyter command, trying PATH and then Debian's /usr/bin (the pyenv python3 on PATH may lack it). */
export function findJupyter(): string | null {
  for (const candidate of ["jupyter", "/usr/bin/jupyter", "/usr/local/bin/jupyter"]) {
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return candidate;
  }
  return null;
}

/** "lab" when JupyterLab is installed, else "notebook", else null. */
export function jupyterFrontend(jupyter: string): "lab" | "notebook" | null {
  for (const sub of ["lab", "notebook"] as const) {
    if (spawnSync(jupyter, [sub, "--version"], { encoding: "utf8" }).status === 0) return sub;
  }
  return null;
}

export const INSTALL_HELP = `Jupyter is not installed. Install one of:
  pip install jupyterlab                      (any platform, in a Python environment of your choice)
  sudo apt-get install jupyter-notebook       (Debian/Ubuntu: the classic Notebook)
then run \`npm run notebook\` again. The headless runner (\`npm run reproduce\`) does not need Jupyter.`;

/** True when running as root (uid 0), as in many containers. */
export const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * Jupyter's command line. As root, Jupyter refuses to start ("Running as root is not recommended") unless
 * given --allow-root: add it, with a one-line notice, unless the user already did.
 */
export function jupyterArgs(frontend: "lab" | "notebook", notebooks: string, args: readonly string[], root: boolean): string[] {
  const out = [frontend, `--notebook-dir=${notebooks}`, ...args];
  if (root && !args.includes("--allow-root")) {
    console.log("notice: running as root, so Jupyter is started with --allow-root (better: run as an ordinary user)");
    out.push("--allow-root");
  }
  return out;
}

function main(args: string[]): void {
  const jupyter = findJupyter();
  const frontend = jupyter ? jupyterFrontend(jupyter) : null;
  if (!jupyter || !frontend) {
    console.error(INSTALL_HELP);
    process.exit(1);
  }
  const dir = installKernel();
  console.log(`kernel registered in ${dir}`);
  const notebooks = join(PROJECT_ROOT, "notebooks");
  if (!existsSync(notebooks)) {
    console.error(`no notebooks folder at ${notebooks}`);
    process.exit(1);
  }
  const child = spawn(jupyter, jupyterArgs(frontend, notebooks, args, isRoot()), { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
}

if (process.argv[1] && /notebook\.ts$/.test(process.argv[1])) main(process.argv.slice(2));
