import * as zmq from "zeromq";
import { createHmac, randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
const freePort = () => new Promise(r => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
const key = randomUUID();
const ports = {}; for (const k of ["shell_port","iopub_port","stdin_port","control_port","hb_port"]) ports[k] = await freePort();
const conn = { transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", kernel_name: "x", ...ports };
writeFileSync("/tmp/conn.json", JSON.stringify(conn));
const kernel = spawn(process.execPath, ["/work/main/scripts/kernel.cjs", "--config-path", "/tmp/conn.json"], { cwd: "/work/main/notebooks", stdio: ["ignore", "pipe", "pipe"] });
kernel.stdout.on("data", d => process.stdout.write("[k.out] " + d)); kernel.stderr.on("data", d => process.stdout.write("[k.err] " + d));
const shell = new zmq.Dealer(); shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
const iopub = new zmq.Subscriber(); iopub.connect(`tcp://127.0.0.1:${ports.iopub_port}`); iopub.subscribe();
const sign = parts => { const h = createHmac("sha256", key); for (const p of parts) h.update(p); return h.digest("hex"); };
let session = randomUUID();
async function send(type, content) {
  const header = { msg_id: randomUUID(), username: "r", session, date: new Date().toISOString(), msg_type: type, version: "5.3" };
  const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)];
  await shell.send(["<IDS|MSG>", sign(parts), ...parts]);
  return header.msg_id;
}
(async () => { for await (const frames of iopub) { const i = frames.findIndex(f => f.toString() === "<IDS|MSG>"); const h = JSON.parse(frames[i+2]); const c = JSON.parse(frames[i+5]); if (h.msg_type !== "status") console.log("IOPUB", h.msg_type, JSON.stringify(c).slice(0, 300)); } })();
async function reply() { const [...frames] = await shell.receive(); const i = frames.findIndex(f => f.toString() === "<IDS|MSG>"); return JSON.parse(frames[i+5]); }
await new Promise(r => setTimeout(r, 300));
await send("kernel_info_request", {}); console.log("INFO", JSON.stringify(await reply()).slice(0,200));
for (const code of process.argv.slice(2)) {
  const t=Date.now(); await send("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
  console.log("REPLY", JSON.stringify(await reply()), Date.now()-t, "ms");
}
await new Promise(r => setTimeout(r, 300));
kernel.kill(); process.exit(0);
