// fast-kde ships no types; the benchmark uses only density1d(...).points().
declare module "fast-kde" {
  export function density1d(
    data: ArrayLike<number>,
    options?: { bandwidth?: number; extent?: [number, number]; bins?: number; pad?: number; adjust?: number },
  ): { points(): Iterable<{ x: number; y: number }> };
}
