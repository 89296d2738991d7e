import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Every property test gets a fixed seed and a time bound on generation plus shrinking (see the file).
    setupFiles: ["tests/support/fast-check.ts"],
    // One temporary folder per run as TMPDIR, removed at the end (see the file).
    globalSetup: ["tests/support/temp-dir.ts"],
    // The runner's integration tests start real kernels; give them room on 2-core machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
