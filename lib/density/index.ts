/** The public entry `baltic-repro/density` (and `lib/density`): the module lives in lib/methods/density/density.ts. */
export * from "../methods/density/density";
