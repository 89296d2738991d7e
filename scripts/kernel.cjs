#!/usr/bin/env node
// The project's Jupyter kernel: tslab, with tsx's require hook registered so that notebooks can import the
// library's TypeScript sources (`import { gini } from "baltic-repro/inequality"`) without a build step.
"use strict";
require("./kernel/watch-parent.cjs").watchParent(); // ends this kernel if the runner that started it is killed
const path = require("node:path");
require("tsx/cjs/api").register();
process.env.BALTIC_REPRO_KERNEL = "tslab";
// Declarations for the library, rebuilt here if lib/ changed since they were written (see build-types.cjs).
for (const message of require("./build-types.cjs").ensureTypes()) console.error(`baltic-repro types: ${message}`);
// tslab's compiler behind the project's own protocol handling (scripts/kernel/server.cjs says why).
const { startKernel } = require("./kernel/server.cjs");
const args = process.argv.slice(2);
const i = args.indexOf("--config-path");
if (i < 0 || !args[i + 1]) {
  console.error("usage: kernel.cjs --config-path <connection-file>");
  process.exit(2);
}
startKernel({ configPath: path.resolve(args[i + 1]) }).catch((e) => {
  console.error(`baltic-repro kernel: could not start: ${e && e.stack}`);
  process.exit(1);
});
