// Permutation inference over worker threads (lib/numeric/parallel.ts): the same bits for any number of threads, in
// vitest (TypeScript sources through tsx's hook in the workers) and in the notebook kernel.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkThreads, pooledWorkers, runRanges, shared } from "../lib/numeric/parallel";
import { localMoran, moran, weightsFromNeighbors, type WeightsMatrix } from "../lib/spatial";
import { KernelClient } from "../scripts/runner/kernel";

/** A rook lattice rows × cols with a smooth trend plus noise (deterministic). */
function lattice(rows: number, cols: number): { values: Float64Array; w: WeightsMatrix } {
  const ids: string[] = [];
  const neighbours: number[][] = [];
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      ids.push(`u${i}`);
      neighbours.push([i - cols, i - 1, i + 1, i + cols].filter((j, k) => j >= 0 && j < rows * cols && (k === 0 || k === 3 || Math.floor(j / cols) === r)).sort((a, b) => a - b));
      values[i] = r + c + ((i * 2654435761) % 1000) / 100;
    }
  }
  return { values, w: weightsFromNeighbors(ids, neighbours) };
}

describe("permutations over threads", () => {
  const { values, w } = lattice(40, 50);
  it("local Moran: the same pseudo p-values and clusters with 1, 2 and 3 threads", () => {
    const one = localMoran(values, w, { permutations: 199, seed: 7 });
    for (const threads of [2, 3]) {
      const many = localMoran(values, w, { permutations: 199, seed: 7, threads });
      expect(Array.from(many.pPermutation)).toEqual(Array.from(one.pPermutation));
      expect(many.cluster).toEqual(one.cluster);
    }
  }, 60_000);
  it("global Moran: the same permutation distribution with 1 and 2 threads", () => {
    const one = moran(values, w, { permutations: 499, seed: 3 });
    const two = moran(values, w, { permutations: 499, seed: 3, threads: 2 });
    expect(two).toEqual(one);
    expect(one.pPermutation).toBe(1 / 500); // a strong trend: no permutation reaches I
  }, 60_000);
  it("a failing worker is an error with its message, not a hang", () => {
    const data = { out: shared(new Float64Array(4)) };
    const lib = new URL("../lib/numeric/parallel.ts", import.meta.url).href;
    expect(() => runRanges(4, 2, lib, "noSuchTask", data, () => undefined)).toThrow(/a worker thread failed \(units 2 … 3\): TypeError: .*noSuchTask is not a function/);
  }, 60_000);
  it("keeps its workers for the next call: one worker per extra thread, started once, the same results", () => {
    const url = new URL("../lib/methods/spatial/spatial.ts", import.meta.url).href;
    const a = localMoran(values, w, { permutations: 49, seed: 3, threads: 2 });
    const before = pooledWorkers(url);
    expect(before).toBeGreaterThanOrEqual(1);
    const b = localMoran(values, w, { permutations: 49, seed: 3, threads: 2 });
    expect(pooledWorkers(url)).toBe(before); // reused, not started again
    expect(Array.from(b.pPermutation)).toEqual(Array.from(a.pPermutation));
  }, 60_000);
  it("checks the threads option", () => {
    expect(checkThreads(undefined)).toBe(1);
    expect(() => checkThreads(0)).toThrow(/threads must be a whole number from 1 to 64, got 0/);
    expect(() => localMoran(values, w, { threads: 1.5 })).toThrow(/threads must be a whole number/);
  });
  it("works in the notebook kernel too (workers load the library through tsx's hook)", async () => {
    const kernel = await KernelClient.start({ cwd: join(__dirname, "..", "notebooks") });
    try {
      const code = [
        'import { localMoran, weightsFromNeighbors } from "baltic-repro/spatial";',
        'const w = weightsFromNeighbors(["a", "b", "c", "d", "e"], [[1], [0, 2], [1, 3], [2, 4], [3]]);',
        "const x = [1, 2, 3, 4, 5];",
        "const a = localMoran(x, w, { permutations: 99, seed: 1 }).pPermutation;",
        "const b = localMoran(x, w, { permutations: 99, seed: 1, threads: 2 }).pPermutation;",
        'console.log("same:" + (Array.from(a).join() === Array.from(b).join()));',
      ].join("\n");
      const r = await kernel.execute(code, 60_000);
      expect(r.status, r.stderr).toBe("ok");
      expect(JSON.stringify(r.outputs)).toContain("same:true");
    } finally {
      await kernel.shutdown();
    }
  }, 90_000);
});
