/**
 * Work split over threads, synchronously: the units 0 … n−1 of a task are cut into contiguous ranges, the calling
 * thread computes the first and worker threads the others, all writing into shared memory, and the call returns
 * when every range is done (the calling thread waits with `Atomics.wait`, so the caller's API stays synchronous).
 *
 * Why it is safe for permutation tests: every unit (or permutation) draws from its own seeded stream, so a result
 * depends only on (seed, unit), never on which thread computed it — any number of threads gives the same bits.
 *
 * Where it runs: a worker loads the task's module itself, once, and stays for later calls (see POOLS). Under
 * TypeScript sources (the notebook kernel, vitest, tsx) it registers tsx's require hook first; compiled to
 * JavaScript it loads the .js file directly. A worker that fails to load the module or throws reports its error
 * through shared memory, and the call throws it.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "./validate";

/** Typed arrays in shared memory and plain numbers: what a task reads and writes. */
export type SharedData = Record<string, Float64Array | Int32Array | Uint8Array | number>;

/** A task: computes units start … end − 1, reading and writing `data` (the same object shape in every thread). */
export type RangeTask = (data: SharedData, start: number, end: number) => void;

/** Check a `threads` option: a whole number from 1 to 64 (1: no worker threads). */
export function checkThreads(threads: unknown): number {
  if (threads === undefined) return 1;
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InputError(`threads must be a whole number from 1 to 64, got ${String(threads)}`, { argument: "threads" });
  }
  return threads;
}

/** A copy of `a` in shared memory (workers see it without a copy). */
export function shared<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  const Ctor = a.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(Math.max(1, a.length) * Ctor.BYTES_PER_ELEMENT));
  (out as unknown as { set(x: ArrayLike<number>): void }).set(a);
  return a.length === 0 ? (out.subarray(0, 0) as T) : out;
}

/** Status slots per worker: 0 running, 1 done, 2 failed; then the failure message as UTF-16 code units. */
const MESSAGE_LENGTH = 2000;

/**
 * Run `task` (exported as `exportName` by the module at `moduleUrl`, normally the caller's `import.meta.url`) over
 * units 0 … n−1 in `threads` contiguous ranges; the calling thread runs the first range with `local` (the same
 * function, called directly). `data`'s typed arrays must live in shared memory (see {@link shared}).
 *
 * @throws the first worker's error, with its message, when a worker fails to start or throws.
 */
export function runRanges(n: number, threads: number, moduleUrl: string, exportName: string, data: SharedData, local: RangeTask): void {
  const t = Math.max(1, Math.min(threads, n));
  const bounds = Array.from({ length: t + 1 }, (_, k) => Math.round((k * n) / t));
  if (t === 1) {
    local(data, 0, n);
    return;
  }
  const status = new Int32Array(new SharedArrayBuffer(4 * (t - 1) * (1 + MESSAGE_LENGTH)));
  const workers = workersFor(moduleUrl, t - 1);
  for (let k = 1; k < t; k++) {
    workers[k - 1].postMessage({ exportName, data, start: bounds[k], end: bounds[k + 1], status, slot: (k - 1) * (1 + MESSAGE_LENGTH), messageLength: MESSAGE_LENGTH });
  }
  local(data, bounds[0], bounds[1]);
  for (let k = 0; k < t - 1; k++) {
    const slot = k * (1 + MESSAGE_LENGTH);
    while (Atomics.load(status, slot) === 0) Atomics.wait(status, slot, 0, 1000);
    if (Atomics.load(status, slot) === 2) {
      const length = status[slot + 1];
      const text = String.fromCharCode(...Array.from(status.subarray(slot + 2, slot + 2 + Math.min(length, MESSAGE_LENGTH - 1))));
      throw new Error(`a worker thread failed (units ${bounds[k + 1]} … ${bounds[k + 2] - 1}): ${text}`);
    }
  }
}

/**
 * Worker threads kept per task module and reused by later calls. Why: a worker's start — a new V8 isolate loading
 * the task's module, through tsx under TypeScript — takes longer than the work of a 10^4-unit map, so starting
 * workers per call made two threads no faster than one there. They are unref'd: idle workers never keep the
 * process alive, and they end with it. A worker that exits (or fails to start) leaves the pool and is replaced.
 */
const POOLS = new Map<string, Worker[]>();

/** @internal How many pooled workers there are for a task module (for tests). */
export function pooledWorkers(moduleUrl: string): number {
  return POOLS.get(moduleUrl)?.length ?? 0;
}

function workersFor(moduleUrl: string, count: number): Worker[] {
  let pool = POOLS.get(moduleUrl);
  if (!pool) POOLS.set(moduleUrl, (pool = []));
  const list = pool;
  while (list.length < count) {
    const worker = new Worker(workerSource(moduleUrl), { eval: true });
    worker.unref();
    const leave = (): void => {
      const at = list.indexOf(worker);
      if (at >= 0) list.splice(at, 1);
    };
    worker.on("exit", leave);
    worker.on("error", leave);
    list.push(worker);
  }
  return list.slice(0, count);
}

/**
 * The worker's bootstrap, as source text (a worker started from text needs no file of its own): load the task's
 * module once — through tsx's require hook when it is TypeScript — then, for each job posted to it, run its range
 * and report done or the error in the job's status slot (a module that failed to load fails every job, saying why).
 */
function workerSource(moduleUrl: string): string {
  const file = moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : moduleUrl;
  let register = "";
  if (/\.[cm]?ts$/.test(file)) {
    // The TypeScript sources need tsx's hook (the project depends on tsx); resolved from the library's own folder.
    const tsx = createRequire(file).resolve("tsx/cjs/api");
    register = `require(${JSON.stringify(tsx)}).register();`;
  }
  const load = /\.mjs$|\.js$/.test(file) && !register ? `await import(${JSON.stringify(moduleUrl)})` : `require(${JSON.stringify(file)})`;
  return `
const { parentPort } = require("node:worker_threads");
const ready = (async () => {
  ${register}
  return ${load};
})();
ready.catch(() => {}); // reported per job below
parentPort.on("message", async (job) => {
  const { exportName, data, start, end, status, slot, messageLength } = job;
  try {
    const mod = await ready;
    const task = mod[exportName];
    if (typeof task !== "function") throw new TypeError(exportName + " is not a function exported by ${file.replace(/\\/g, "/").replace(/`/g, "")}");
    task(data, start, end);
    Atomics.store(status, slot, 1);
  } catch (e) {
    const text = String(e && e.stack ? e.stack : e).slice(0, messageLength - 1);
    status[slot + 1] = text.length;
    for (let i = 0; i < text.length; i++) status[slot + 2 + i] = text.charCodeAt(i);
    Atomics.store(status, slot, 2);
  }
  Atomics.notify(status, slot);
});
`;
}
