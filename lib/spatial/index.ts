/** The public entry `baltic-repro/spatial` (and `lib/spatial`): the module lives in lib/methods/spatial/spatial.ts. */
export * from "../methods/spatial/spatial";
