/**
 * How `npm run reproduce` stops when it is told to, or when whatever started it goes away.
 *
 * `npm run reproduce` is a chain of processes: npm → (sh) → tsx → node (the runner) → one kernel per running
 * notebook, each in its own process group. Signals do not travel down that chain: `kill -TERM <npm>` or
 * `kill -HUP <npm>` ends npm alone (npm 10+ does not forward them), and the runner would carry on, orphaned,
 * and write reports/ later. So the runner
 * - stops on SIGINT, SIGTERM and SIGHUP sent to it;
 * - watches the processes that launched it (its parent, and above it tsx, sh and npm when they are in its own
 *   process group), polled every `pollMs`, and stops as soon as one of them has ended.
 * Stopping means: say so, end every kernel (the runner's exit hook kills their process groups), drop the
 * staged report (scripts/runner/output.ts), and exit with 128 + the signal's number (129 when a launcher
 * ended). reports/ keeps the previous run, untouched. A kernel whose runner is killed with SIGKILL ends by
 * itself (scripts/kernel/watch-parent.cjs).
 */
import { readFileSync } from "node:fs";
import { constants } from "node:os";

/** A process as /proc shows it: enough to tell it is still the same process (pids are reused). */
interface ProcessInfo {
  pid: number;
  name: string;
  /** R, S, D, Z (a zombie: ended, not yet reaped), … */
  state: string;
  ppid: number;
  pgrp: number;
  startTime: string;
}

/** /proc/<pid>/stat, parsed; undefined when the process does not exist (or there is no /proc). */
export function processInfo(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp session … starttime(22nd)"; comm may hold spaces and parentheses.
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  const fields = stat.slice(close + 2).split(" ");
  return { pid, name: stat.slice(open + 1, close), state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: fields[19] };
}

/** Names of the processes that launch the runner: node (tsx's CLI), sh (npm's script shell), npm, npx. */
const LAUNCHER = /^(node|tsx|sh|dash|npm|npx)\b/;

/**
 * The processes to watch: the parent, and above it the launch chain in this process's group — node (tsx), sh
 * and npm/npx, up to and including npm/npx. Not beyond: a shell or a CI script that started npm may end while
 * the run goes on (`nohup npm run reproduce &`), and a terminal closing sends SIGHUP itself.
 */
export function launchers(): ProcessInfo[] {
  const self = processInfo(process.pid);
  if (!self) return [];
  const out: ProcessInfo[] = [];
  let pid = self.ppid;
  while (pid > 1) {
    const p = processInfo(pid);
    if (!p) break;
    if (out.length > 0 && (p.pgrp !== self.pgrp || !LAUNCHER.test(p.name))) break;
    out.push(p);
    if (/^np[mx]\b/.test(p.name)) break;
    pid = p.ppid;
  }
  return out;
}

export interface StopWatch {
  /** Stop watching (the run has ended normally). */
  close(): void;
}

/**
 * Call `stop(reason, exitCode)` on SIGINT, SIGTERM or SIGHUP, or when a launcher process has ended. `stop`
 * is expected to end the process (process.exit); it is called at most once.
 */
export function stopOnSignalsAndLauncherExit(stop: (reason: string, exitCode: number) => void, pollMs = 250): StopWatch {
  let stopped = false;
  const once = (reason: string, code: number) => {
    if (stopped) return;
    stopped = true;
    stop(reason, code);
  };
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => {
    const h = () => once(`stopped by ${sig}`, 128 + constants.signals[sig]);
    process.on(sig, h);
    return [sig, h] as const;
  });
  const watched = launchers();
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) return once(`the process that started this run (pid ${parent}) has ended`, 128 + constants.signals.SIGHUP);
    for (const p of watched) {
      const now = processInfo(p.pid);
      if (!now || now.state === "Z" || now.startTime !== p.startTime) return once(`${p.name} (pid ${p.pid}), which started this run, has ended`, 128 + constants.signals.SIGHUP);
    }
  }, pollMs);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
