// The project's kernel server: the Jupyter messaging protocol (5.3) over ZeroMQ, around tslab's compiler.
//
// tslab 1.0.22's own server (tslab/dist/jupyter.js) is replaced, not patched, because what a client needs is
// in how it handles messages:
//   - it does not await ZeroMQ's `send`, and publishes every write to stdout as its own message, so that a
//     cell printing 5,000 lines loses most of them (a publisher drops what exceeds its high-water mark);
//     here stream writes are gathered into one message per stream per 50 ms, every send on a socket is
//     awaited in order, the iopub socket has no high-water mark, and an execute_reply is sent only after all
//     of its cell's output has gone out; the reply's metadata says how many output messages there were, so
//     a client can tell that none was lost;
//   - no execute_input, no execute_result, no error message (the value and the error went to the console):
//     here the cell's value is an execute_result with a bundle by its kind (display.cjs), and an error is an
//     `error` message with ename, evalue and a traceback at the cell's line (traceback.cjs);
//   - after a failure it aborted every request arriving within 200 ms, whatever the client asked: here, as
//     in ipykernel, an error aborts only the execute requests already queued, and only when the request
//     asked `stop_on_error` (nbclient's --allow-errors asks not to);
//   - no history_reply, no `status` in kernel_info_reply, comm_info answered as a complete_reply,
//     is_complete never `invalid`: all answered here as the protocol says.
// tslab's compiler, its code metadata (`%module`), completion and inspection are used unchanged.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const { createConverter } = require("tslab/dist/converter.js");
const { printQuickInfo } = require("tslab/dist/inspect.js");
const tslabJupyter = require("tslab/dist/jupyter.js");
const { createCellExecutor } = require("./executor.cjs");
const { runtimeError, compileError } = require("./traceback.cjs");
const { valueBundle } = require("./display.cjs");
const { isComplete } = require("./is-complete.cjs");
const { History } = require("./history.cjs");

const PROTOCOL_VERSION = "5.3";
const DELIM = Buffer.from("<IDS|MSG>");
/** How long stream writes are gathered before they are published (ipykernel's flush interval is 200 ms). */
const STREAM_FLUSH_MS = 50;
/** A gathered stream is published at once when it grows past this many characters. */
const STREAM_MAX_CHARS = 1 << 20;

const realStderrWrite = process.stderr.write.bind(process.stderr);
/** The kernel's own log: to the process's stderr, never into a cell. */
const log = (...parts) => realStderrWrite(`[baltic-repro kernel] ${parts.join(" ")}\n`);

class Wire {
  constructor(key) {
    this.key = key;
  }
  sign(frames) {
    if (!this.key) return "";
    const h = crypto.createHmac("sha256", this.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }
  decode(raw) {
    const at = raw.findIndex((b) => b.equals(DELIM));
    if (at < 0) throw new Error("message without the <IDS|MSG> delimiter");
    const [signature, header, parent, metadata, content, ...buffers] = raw.slice(at + 1);
    const expected = this.sign([header, parent, metadata, content]);
    const got = String(signature);
    if (expected.length !== got.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(got))) throw new Error("bad message signature");
    return {
      identities: raw.slice(0, at),
      header: JSON.parse(String(header)),
      parent_header: JSON.parse(String(parent)),
      metadata: JSON.parse(String(metadata)),
      content: JSON.parse(String(content)),
      buffers,
    };
  }
  encode(identities, header, parent, metadata, content) {
    const frames = [header, parent, metadata, content].map((x) => JSON.stringify(x));
    return [...identities, DELIM, this.sign(frames), ...frames];
  }
}

class KernelServer {
  /**
   * @param {object} conn the connection file's contents
   * @param {ReturnType<typeof createCellExecutor>} executor
   * @param {object} kernelInfo the kernel_info_reply content (without status)
   */
  constructor(conn, executor, kernelInfo) {
    this.conn = conn;
    this.wire = new Wire(conn.key);
    this.executor = executor;
    this.kernelInfo = kernelInfo;
    this.session = crypto.randomUUID();
    this.executionCount = 0;
    /** Execute requests handled, silent ones included. */
    this.runs = 0;
    this.history = new History();
    /** Shell requests waiting their turn (handled one at a time, in order). */
    this.queue = [];
    this.draining = false;
    /** Per socket, the promise of its last send: sends are chained so that each is awaited, in order. */
    this.sendChains = new Map();
    /** The output of the cell that ran last: writes from its timers after it finished still go there. */
    this.output = null;
    this.closed = false;
  }

  async start() {
    const zmq = require("zeromq");
    const c = this.conn;
    const url = (port) => `${c.transport}://${c.ip}:${port}`;
    // sendHighWaterMark 0: no limit, so a burst of output waits in memory instead of being dropped.
    this.iopub = new zmq.Publisher({ sendHighWaterMark: 0, linger: 1000 });
    this.shell = new zmq.Router({ linger: 1000 });
    this.control = new zmq.Router({ linger: 1000 });
    this.stdin = new zmq.Router({ linger: 0 });
    this.hb = new zmq.Reply({ linger: 0 });
    await Promise.all([
      this.iopub.bind(url(c.iopub_port)),
      this.shell.bind(url(c.shell_port)),
      this.control.bind(url(c.control_port)),
      this.stdin.bind(url(c.stdin_port)),
      this.hb.bind(url(c.hb_port)),
    ]);
    this.receive(this.shell, (msg) => {
      this.queue.push(msg);
      void this.drain();
    });
    this.receive(this.control, (msg) => void this.handleControl(msg));
    void (async () => {
      try {
        for await (const frames of this.hb) await this.hb.send(frames);
      } catch {
        // closed
      }
    })();
    await this.publish("status", { execution_state: "starting" }, {});
  }

  receive(socket, onMessage) {
    void (async () => {
      try {
        for await (const frames of socket) {
          let msg;
          try {
            msg = this.wire.decode(frames);
          } catch (e) {
            log(`ignored an invalid message: ${e.message}`);
            continue;
          }
          onMessage(msg);
        }
      } catch (e) {
        if (!this.closed) log(`socket closed: ${e.message}`);
      }
    })();
  }

  send(socket, frames) {
    const prev = this.sendChains.get(socket) ?? Promise.resolve();
    const next = prev.then(() => socket.send(frames)).catch((e) => {
      if (!this.closed) log(`send failed: ${e.message}`);
    });
    this.sendChains.set(socket, next);
    return next;
  }

  header(msgType) {
    return { msg_id: crypto.randomUUID(), msg_type: msgType, session: this.session, username: "kernel", date: new Date().toISOString(), version: PROTOCOL_VERSION };
  }

  publish(msgType, content, parentHeader) {
    return this.send(this.iopub, this.wire.encode([Buffer.from(msgType)], this.header(msgType), parentHeader, {}, content));
  }

  reply(socket, request, msgType, content, metadata = {}) {
    return this.send(socket, this.wire.encode(request.identities, this.header(msgType), request.header, metadata, content));
  }

  async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) await this.handleShell(this.queue.shift());
    } finally {
      this.draining = false;
    }
  }

  async handleShell(msg) {
    const type = msg.header.msg_type;
    await this.publish("status", { execution_state: "busy" }, msg.header);
    try {
      if (msg.aborted) {
        await this.reply(this.shell, msg, type.replace(/_request$/, "_reply"), { status: "aborted", execution_count: this.executionCount });
        return;
      }
      switch (type) {
        case "execute_request":
          return await this.execute(msg);
        case "kernel_info_request":
          return await this.reply(this.shell, msg, "kernel_info_reply", { status: "ok", ...this.kernelInfo });
        case "is_complete_request":
          return await this.reply(this.shell, msg, "is_complete_reply", isComplete(String(msg.content.code ?? "")));
        case "complete_request":
          return await this.complete(msg);
        case "inspect_request":
          return await this.inspect(msg);
        case "history_request":
          return await this.reply(this.shell, msg, "history_reply", { status: "ok", history: this.history.query(msg.content) });
        case "comm_info_request":
          return await this.reply(this.shell, msg, "comm_info_reply", { status: "ok", comms: {} });
        case "comm_open":
          // No comm targets are registered (no widgets): say so by closing the comm, as ipykernel does.
          log(`no comm target "${msg.content.target_name}"`);
          return await this.publish("comm_close", { comm_id: msg.content.comm_id, data: {} }, msg.header);
        case "comm_msg":
        case "comm_close":
          return;
        case "shutdown_request":
          return await this.shutdown(this.shell, msg);
        case "connect_request":
          return await this.reply(this.shell, msg, "connect_reply", { status: "ok", shell_port: this.conn.shell_port, iopub_port: this.conn.iopub_port, stdin_port: this.conn.stdin_port, hb_port: this.conn.hb_port, control_port: this.conn.control_port });
        default:
          return await this.unsupported(this.shell, msg);
      }
    } catch (e) {
      log(`${type} failed: ${e && e.stack}`);
      if (type.endsWith("_request")) await this.reply(this.shell, msg, type.replace(/_request$/, "_reply"), { status: "error", ename: String(e && e.name), evalue: String(e && e.message), traceback: [] });
    } finally {
      await this.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  async handleControl(msg) {
    const type = msg.header.msg_type;
    await this.publish("status", { execution_state: "busy" }, msg.header);
    try {
      switch (type) {
        case "shutdown_request":
          return await this.shutdown(this.control, msg);
        case "interrupt_request":
          this.executor.interrupt();
          return await this.reply(this.control, msg, "interrupt_reply", { status: "ok" });
        case "kernel_info_request":
          return await this.reply(this.control, msg, "kernel_info_reply", { status: "ok", ...this.kernelInfo });
        default:
          return await this.unsupported(this.control, msg);
      }
    } finally {
      await this.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  unsupported(socket, msg) {
    const type = msg.header.msg_type;
    log(`unsupported message type ${type}`);
    if (!type.endsWith("_request")) return undefined;
    return this.reply(socket, msg, type.replace(/_request$/, "_reply"), {
      status: "error",
      ename: "NotImplementedError",
      evalue: `this kernel does not support ${type}`,
      traceback: [],
    });
  }

  async execute(msg) {
    const code = String(msg.content.code ?? "");
    const silent = msg.content.silent === true;
    const storeHistory = !silent && msg.content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    const out = new CellOutput(this, msg.header);
    this.output = out;
    if (!silent) await out.publish("execute_input", { code, execution_count: count });
    process.stdout.write = out.writer("stdout");
    process.stderr.write = out.writer("stderr");
    // lib/display.ts and tslab's public `display` write rich output through this hook of tslab's server.
    tslabJupyter.lastWriteDisplayData = (content, update) =>
      out.publish(update ? "update_display_data" : "display_data", { data: content.data ?? {}, metadata: content.metadata ?? {}, transient: content.transient ?? {} });
    // Which cell is running, for lib/notebook.ts: a cell run again replaces what it declared before.
    const cellId = msg.metadata && typeof msg.metadata.cellId === "string" ? msg.metadata.cellId : null;
    tslabJupyter.currentCell = { cellId, run: ++this.runs };
    // lib/display.ts's clearOutput (tslab has none).
    tslabJupyter.lastClearOutput = (wait) => out.publish("clear_output", { wait: wait === true });

    let result;
    try {
      result = await this.executor.execute(code, count);
    } catch (error) {
      // The compiler itself failed (not the cell): still an error the client sees.
      result = { status: "error", error, output: "" };
    }
    let content;
    let resultText = null;
    if (result.status === "ok") {
      if (result.hasValue && !silent) {
        let data;
        try {
          data = valueBundle(result.value);
        } catch (e) {
          data = { "text/plain": `(the value could not be displayed: ${e && e.message})` };
        }
        resultText = typeof data["text/plain"] === "string" ? data["text/plain"] : null;
        await out.publish("execute_result", { execution_count: count, data, metadata: {} });
      }
      content = { status: "ok", execution_count: count, payload: [], user_expressions: this.userExpressions(msg.content.user_expressions) };
    } else {
      const err = result.status === "compile-error" ? compileError(result.diagnostics, count, code) : runtimeError(result.error, count, code, result.output);
      await out.publish("error", err);
      content = { status: "error", execution_count: count, ...err };
      if (msg.content.stop_on_error !== false) {
        // As ipykernel: the execute requests already waiting were sent on the assumption that this one worked.
        for (const queued of this.queue) if (queued.header.msg_type === "execute_request") queued.aborted = true;
      }
    }
    if (storeHistory) this.history.add(count, code, resultText);
    await out.finish();
    await this.reply(this.shell, msg, "execute_reply", content, { status: content.status, "baltic-repro": { outputs: out.count } });
  }

  userExpressions(expressions) {
    const result = {};
    for (const key of Object.keys(expressions ?? {})) {
      result[key] = { status: "error", ename: "NotImplementedError", evalue: "user_expressions are not evaluated by this kernel", traceback: [] };
    }
    return result;
  }

  async complete(msg) {
    const { code = "", cursor_pos: pos = String(msg.content.code ?? "").length } = msg.content;
    const info = this.executor.complete(String(code), pos);
    await this.reply(this.shell, msg, "complete_reply", { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} });
  }

  async inspect(msg) {
    const { code = "", cursor_pos: pos = String(msg.content.code ?? "").length } = msg.content;
    const info = this.executor.inspect(String(code), pos);
    const content = info ? { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} } : { status: "ok", found: false, data: {}, metadata: {} };
    await this.reply(this.shell, msg, "inspect_reply", content);
  }

  async shutdown(socket, msg) {
    const restart = msg.content.restart === true;
    await this.reply(socket, msg, "shutdown_reply", { status: "ok", restart });
    await this.publish("status", { execution_state: "idle" }, msg.header);
    await Promise.all(this.sendChains.values());
    this.close();
    process.exit(0);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    try {
      this.executor.close();
    } catch {
      // the compiler's file watcher may already be closed
    }
    for (const s of [this.iopub, this.shell, this.control, this.stdin, this.hb]) s?.close();
  }
}

/** What one execute request publishes on iopub: stream writes gathered, every message counted. */
class CellOutput {
  constructor(server, parentHeader) {
    this.server = server;
    this.parent = parentHeader;
    this.count = 0;
    this.pending = null;
    this.timer = null;
    this.last = Promise.resolve();
  }
  writer(name) {
    const decoder = new TextDecoder();
    return (chunk, encoding, callback) => {
      const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      this.stream(name, text);
      if (typeof encoding === "function") encoding();
      else if (typeof callback === "function") callback();
      return true;
    };
  }
  stream(name, text) {
    if (text === "") return;
    if (this.pending && this.pending.name !== name) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { name, text };
    if (this.pending.text.length >= STREAM_MAX_CHARS) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), STREAM_FLUSH_MS);
  }
  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const { name, text } = this.pending;
    this.pending = null;
    this.count++;
    this.last = this.server.publish("stream", { name, text }, this.parent);
  }
  publish(msgType, content) {
    this.flush();
    if (msgType !== "execute_input") this.count++;
    this.last = this.server.publish(msgType, content, this.parent);
    return this.last;
  }
  /** Publish what is gathered and wait until every message of the cell has been handed to ZeroMQ. */
  async finish() {
    this.flush();
    await this.last;
  }
}

function kernelInfo() {
  const ts = require("@tslab/typescript-for-tslab");
  return {
    protocol_version: PROTOCOL_VERSION,
    implementation: "tslab (baltic-repro)",
    implementation_version: require("tslab/package.json").version,
    language_info: {
      name: "typescript",
      version: ts.version,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // As tslab: CodeMirror's TypeScript mode in JupyterLab (`mode`) and in the classic Notebook (`name`).
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      pygments_lexer: "typescript",
    },
    banner: `TypeScript ${ts.version} (tslab ${require("tslab/package.json").version}, baltic-repro's kernel)`,
    debugger: false,
  };
}

/** Start the kernel on a connection file, in the current directory (Jupyter starts it in the notebook's). */
async function startKernel({ configPath }) {
  const conn = JSON.parse(fs.readFileSync(configPath, "utf8"));
  let node;
  const convs = {
    get node() {
      return (node ??= createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (this._browser ??= createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      this._browser?.close();
    },
  };
  convs.node; // compile tslab's program before the first cell, as tslab does
  const executor = createCellExecutor(process.cwd(), convs);
  const server = new KernelServer(conn, executor, kernelInfo());
  process.on("SIGINT", () => executor.interrupt());
  // Errors from a cell's timers and promises after it finished: shown in the cell that ran last, as tslab does.
  process.on("uncaughtException", (err) => console.error("Uncaught exception:", err));
  process.on("unhandledRejection", (reason) => console.error("Unhandled promise rejection:", reason));
  await server.start();
  return server;
}

module.exports = { startKernel, KernelServer, CellOutput, Wire };
