/**
 * A client for one tslab kernel, driven over ZeroMQ with the Jupyter messaging protocol — the same kernel,
 * started by the same launcher (scripts/kernel.cjs), that Jupyter uses. No Python is involved.
 *
 * The kernel runs in its own process group so that it and anything it starts can be ended together; every
 * started kernel is ended when the runner exits, however it exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import { decode, encode, newHeader, type ConnectionInfo, type Message } from "./protocol";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const KERNEL_LAUNCHER = join(PROJECT_ROOT, "scripts", "kernel.cjs");

/** The kernel snapshot for this checkout (scripts/kernel-snapshot.cjs): its blob, or why there is none. */
/** `damaged`: the cached blob was damaged (why, in words) and has been rebuilt. */
export type KernelSnapshot = { blob: string; built: boolean; ms: number; damaged?: string } | { blob: null; reason: string };
export const { ensureKernelSnapshot, blobDamage } = createRequire(import.meta.url)("../kernel-snapshot.cjs") as {
  ensureKernelSnapshot: (options?: { force?: boolean; cacheDir?: string }) => KernelSnapshot;
  /** Why a snapshot blob cannot be used as it is, or null when its size and checksum are as built. */
  blobDamage: (blob: string) => string | null;
};

/** An nbformat 4 output. */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export type CellStatus = "ok" | "error" | "abort" | "timeout" | "died";

export interface CellResult {
  status: CellStatus;
  outputs: Output[];
  executionCount: number | null;
  /** Everything the cell wrote to stderr. */
  stderr: string;
  /**
   * Output messages the kernel says it published for the cell (execute_reply metadata, scripts/kernel/server.cjs),
   * and how many arrived: fewer arrived means output was lost on the way.
   */
  outputMessages: { sent: number | null; received: number };
  /** Milliseconds. */
  elapsed: number;
}

const live = new Set<KernelClient>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const k of live) k.kill();
  };
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(sig === "SIGINT" ? 130 : 143);
    });
  }
}

/** Ports that were free a moment ago (the kernel binds them; the usual Jupyter approach). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((ok, fail) => {
      const s = net.createServer();
      s.once("error", fail);
      s.listen(0, "127.0.0.1", () => ok(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

export interface StartOptions {
  /** The kernel's working directory (Jupyter uses the notebook's folder). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** A snapshot blob from scripts/kernel-snapshot.cjs to start the launcher from. */
  snapshot?: string;
  /** How long to wait for the kernel to answer kernel_info (ms). */
  startTimeout?: number;
}

export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KernelError";
  }
}

export class KernelClient {
  private child!: ChildProcess;
  private shell!: zmq.Dealer;
  private control!: zmq.Dealer;
  private iopub!: zmq.Subscriber;
  private conn!: ConnectionInfo;
  private dir!: string;
  private readonly session = randomUUID();
  private processOutput = "";
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private exitWaiters: (() => void)[] = [];
  private iopubHandlers = new Map<string, (m: Message) => void>();
  private shellWaiters = new Map<string, (m: Message) => void>();
  private closed = false;

  /** Start a kernel and wait until it answers on shell and publishes on iopub. */
  static async start(options: StartOptions): Promise<KernelClient> {
    const k = new KernelClient();
    await k.launch(options);
    return k;
  }

  /** The last lines the kernel process wrote to its own stdout/stderr (outside any cell). */
  get processLog(): string {
    return this.processOutput.slice(-4000);
  }

  /** How the kernel process ended, in words, or null while it runs. */
  get exitDescription(): string | null {
    if (!this.exited) return null;
    return this.exited.signal ? `killed by ${this.exited.signal}` : `exited with code ${this.exited.code}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async launch(options: StartOptions): Promise<void> {
    installExitHooks();
    try {
      await this.launchKernel(options);
    } catch (e) {
      // A kernel that did not start leaves nothing behind: no process, no connection file with its key.
      this.kill();
      throw e;
    }
  }

  private async launchKernel(options: StartOptions): Promise<void> {
    const [shell, iopub, stdin, control, hb] = await freePorts(5);
    this.conn = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: shell,
      iopub_port: iopub,
      stdin_port: stdin,
      control_port: control,
      hb_port: hb,
      key: randomBytes(32).toString("hex"),
      signature_scheme: "hmac-sha256",
      kernel_name: "baltic-repro",
    };
    this.dir = mkdtempSync(join(tmpdir(), "baltic-repro-kernel-"));
    const connectionFile = join(this.dir, "connection.json");
    writeFileSync(connectionFile, JSON.stringify(this.conn), { mode: 0o600 });
    // From the snapshot, Node runs the snapshot's main function, which runs the launcher named after `--`.
    const node = options.snapshot ? ["--snapshot-blob", options.snapshot, "--"] : [];
    this.child = spawn(process.execPath, [...node, KERNEL_LAUNCHER, "--config-path", connectionFile], {
      cwd: options.cwd,
      // The kernel ends itself if this process goes away without ending it (kill -9): scripts/kernel/watch-parent.cjs.
      env: { ...process.env, ...options.env, BALTIC_REPRO_PARENT_PID: String(process.pid) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: kill(-pid) ends it and its children
    });
    live.add(this);
    const keep = (d: Buffer) => {
      this.processOutput = (this.processOutput + d.toString("utf8")).slice(-20000);
    };
    this.child.stdout!.on("data", keep);
    this.child.stderr!.on("data", keep);
    this.child.on("exit", (code, signal) => {
      this.exited = { code, signal };
      live.delete(this);
      for (const w of this.exitWaiters.splice(0)) w();
    });
    this.child.on("error", (e) => {
      this.processOutput += `\nspawn error: ${e.message}`;
      this.exited = { code: null, signal: null };
      for (const w of this.exitWaiters.splice(0)) w();
    });

    const url = (port: number) => `tcp://127.0.0.1:${port}`;
    this.shell = new zmq.Dealer({ linger: 0 });
    this.control = new zmq.Dealer({ linger: 0 });
    // No receive high-water mark: a cell's burst of output waits in memory rather than being dropped.
    this.iopub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0 });
    this.shell.connect(url(shell));
    this.control.connect(url(control));
    this.iopub.connect(url(iopub));
    this.iopub.subscribe();
    void this.pump(this.iopub, (m) => this.iopubHandlers.get(String(m.parent_header.msg_id))?.(m));
    void this.pump(this.shell, (m) => this.shellWaiters.get(String(m.parent_header.msg_id))?.(m));
    void this.pump(this.control, (m) => this.shellWaiters.get(String(m.parent_header.msg_id))?.(m));

    // Wait until a kernel_info request is answered AND its status reaches us on iopub: a subscriber that
    // connected late misses earlier messages (ZeroMQ's slow joiner), so keep asking until iopub works.
    const deadline = Date.now() + (options.startTimeout ?? 60_000);
    while (Date.now() < deadline) {
      if (this.exited) throw new KernelError(`the kernel exited while starting (code ${this.exited.code}, signal ${this.exited.signal})\n${this.processLog}`);
      const header = newHeader("kernel_info_request", this.session);
      let sawIopub = false;
      this.iopubHandlers.set(header.msg_id, () => (sawIopub = true));
      const reply = this.waitReply(header.msg_id, 1000);
      await this.shell.send(encode(this.conn.key, { header, parent_header: {}, metadata: {}, content: {} }));
      const r = await reply;
      if (r && !sawIopub) await new Promise((ok) => setTimeout(ok, 100));
      this.iopubHandlers.delete(header.msg_id);
      if (r && sawIopub) return;
    }
    this.kill();
    throw new KernelError(`the kernel did not answer within ${Math.round((options.startTimeout ?? 60_000) / 1000)} s\n${this.processLog}`);
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber, handle: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: Message;
        try {
          msg = decode(this.conn.key, frames as Buffer[]);
        } catch (e) {
          this.processOutput += `\n[runner] dropped an invalid message: ${(e as Error).message}`;
          continue;
        }
        handle(msg);
      }
    } catch {
      // the socket was closed
    }
  }

  private waitReply(msgId: string, timeoutMs: number): Promise<Message | null> {
    return new Promise((ok) => {
      const timer = setTimeout(() => {
        this.shellWaiters.delete(msgId);
        ok(null);
      }, timeoutMs);
      this.shellWaiters.set(msgId, (m) => {
        clearTimeout(timer);
        this.shellWaiters.delete(msgId);
        ok(m);
      });
    });
  }

  /**
   * Execute code and collect its outputs. Resolves when the reply and the kernel's return to idle have both
   * arrived; or with status "timeout" after `timeoutMs` (the caller should then kill the kernel), or "died"
   * when the kernel process exits first.
   */
  async execute(code: string, timeoutMs: number, cellId?: string): Promise<CellResult> {
    const started = Date.now();
    if (this.exited) return { status: "died", outputs: [], executionCount: null, stderr: "", outputMessages: { sent: null, received: 0 }, elapsed: 0 };
    const header = newHeader("execute_request", this.session);
    const outputs: Output[] = [];
    let stderr = "";
    let received = 0;
    let clearPending = false;
    let sent: number | null = null;
    let reply: Message | null = null;
    let idle = false;
    let executionCount: number | null = null;
    let finish!: (s: CellStatus) => void;
    const done = new Promise<CellStatus>((ok) => (finish = ok));
    const appendStream = (name: "stdout" | "stderr", text: string) => {
      const last = outputs[outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === name) last.text += text;
      else outputs.push({ output_type: "stream", name, text });
    };
    this.iopubHandlers.set(header.msg_id, (m) => {
      const c = m.content as Record<string, any>;
      if (m.header.msg_type !== "status" && m.header.msg_type !== "execute_input") received++;
      if (clearPending && ["stream", "display_data", "update_display_data", "execute_result", "error"].includes(m.header.msg_type)) {
        outputs.length = 0;
        clearPending = false;
      }
      switch (m.header.msg_type) {
        case "stream":
          appendStream(c.name, String(c.text));
          if (c.name === "stderr") stderr += String(c.text);
          break;
        case "display_data":
          outputs.push({ output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} });
          break;
        case "update_display_data":
          outputs.push({ output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} });
          break;
        case "execute_result":
          outputs.push({ output_type: "execute_result", data: c.data ?? {}, metadata: c.metadata ?? {}, execution_count: c.execution_count ?? null });
          break;
        case "clear_output":
          // With `wait`, the outputs go when the next one arrives (as Jupyter's frontends do).
          if (c.wait) clearPending = true;
          else outputs.length = 0;
          break;
        case "error":
          outputs.push({ output_type: "error", ename: String(c.ename), evalue: String(c.evalue), traceback: (c.traceback ?? []).map(String) });
          break;
        case "status":
          if (c.execution_state === "idle") {
            idle = true;
            if (reply) finish(replyStatus(reply));
          }
          break;
      }
    });
    this.shellWaiters.set(header.msg_id, (m) => {
      reply = m;
      executionCount = (m.content as { execution_count?: number }).execution_count ?? null;
      const counted = (m.metadata["baltic-repro"] as { outputs?: unknown } | undefined)?.outputs;
      sent = typeof counted === "number" ? counted : null;
      if (idle) finish(replyStatus(m));
      // The kernel sends idle right after the reply; if iopub lags, do not wait for ever.
      else setTimeout(() => finish(replyStatus(m)), 2000);
    });
    const onExit = () => finish("died");
    this.exitWaiters.push(onExit);
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    await this.shell.send(
      encode(this.conn.key, {
        header,
        parent_header: {},
        // The cell's id, as JupyterLab sends it: a cell run again replaces what it declared (lib/notebook.ts).
        metadata: cellId ? { cellId } : {},
        content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      }),
    );
    const status = await done;
    clearTimeout(timer);
    this.iopubHandlers.delete(header.msg_id);
    this.shellWaiters.delete(header.msg_id);
    this.exitWaiters = this.exitWaiters.filter((w) => w !== onExit);
    return { status, outputs, executionCount, stderr, outputMessages: { sent, received }, elapsed: Date.now() - started };
  }

  /** Ask the kernel to shut down; kill its process group if it has not exited within `graceMs`. */
  async shutdown(graceMs = 1500): Promise<void> {
    if (this.closed) return;
    if (!this.exited) {
      const header = newHeader("shutdown_request", this.session);
      try {
        await this.control.send(encode(this.conn.key, { header, parent_header: {}, metadata: {}, content: { restart: false } }));
      } catch {
        // the socket may already be gone
      }
      await this.waitExit(graceMs);
    }
    this.kill();
    // Wait until the process is reaped, so that nothing of it is left when the notebook's result is returned.
    await this.waitExit(3000);
  }

  /** End the kernel's process group at once and release the sockets and the connection file. */
  kill(): void {
    if (this.child?.pid && !this.exited) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        try {
          this.child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    if (!this.closed) {
      this.closed = true;
      live.delete(this);
      for (const s of [this.shell, this.control, this.iopub]) {
        try {
          s?.close();
        } catch {
          // already closed
        }
      }
      if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Resolves when the kernel process has exited, or after `timeoutMs`. */
  waitExit(timeoutMs = Infinity): Promise<void> {
    return new Promise<void>((ok) => {
      if (this.exited || !this.child) return ok();
      const t = Number.isFinite(timeoutMs) ? setTimeout(ok, timeoutMs) : undefined;
      this.exitWaiters.push(() => {
        if (t) clearTimeout(t);
        ok();
      });
    });
  }
}

function replyStatus(m: Message): CellStatus {
  const s = (m.content as { status?: string }).status;
  return s === "ok" ? "ok" : s === "abort" || s === "aborted" ? "abort" : "error";
}
