// A kernel started by the headless runner ends when the runner does, however the runner ends.
//
// The runner starts each kernel in a process group of its own (so that a timeout can end it with everything it
// started), and ends them all when it exits — but a runner killed with SIGKILL runs no exit hook, and its
// kernels would run on, orphaned, one of them perhaps in a cell that never ends. So the runner puts its pid in
// BALTIC_REPRO_PARENT_PID, and the kernel watches it: when its parent is no longer that process (the kernel
// has been re-parented to init or a subreaper), it removes its connection file's folder (it holds the session's
// HMAC key; only a `baltic-repro-kernel-*` folder is removed) and kills its own process group.
//
// The watch runs on a worker thread, because the kernel's own thread may be busy in a cell for ever
// (`while (true) {}`) and would never get to a timer. Polling every 250 ms is what Jupyter's ipykernel does
// (ParentPollerUnix, with JPY_PARENT_PID), at a quarter of its interval. Without the variable (Jupyter, nbconvert,
// a kernel started by hand) nothing is watched.
"use strict";

const POLL_MS = 250;

function watchParent(env = process.env) {
  const expected = Number(env.BALTIC_REPRO_PARENT_PID);
  if (!Number.isInteger(expected) || expected <= 1) return null;
  const args = process.argv.slice(2);
  const i = args.indexOf("--config-path");
  const connectionFile = i >= 0 && args[i + 1] ? require("node:path").resolve(args[i + 1]) : null;
  const { Worker } = require("node:worker_threads");
  const worker = new Worker(
    `"use strict";
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const end = () => {
  const dir = workerData.connectionFile && path.dirname(workerData.connectionFile);
  if (dir && /^baltic-repro-kernel-/.test(path.basename(dir))) fs.rmSync(dir, { recursive: true, force: true });
  // The whole process group when this kernel leads one (as the runner starts it), else this process.
  let group = false;
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === process.pid;
  } catch {}
  try {
    process.kill(group ? -process.pid : process.pid, "SIGKILL");
  } catch {
    process.kill(process.pid, "SIGKILL");
  }
};
if (process.ppid !== workerData.expected) end();
setInterval(() => {
  if (process.ppid !== workerData.expected) end();
}, workerData.pollMs);
`,
    { eval: true, workerData: { expected, connectionFile, pollMs: POLL_MS }, stdout: false, stderr: false },
  );
  // The watcher never keeps the kernel alive: when tslab ends the process, the worker ends with it.
  worker.unref();
  return worker;
}

module.exports = { watchParent };
