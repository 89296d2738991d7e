/** The public entry `baltic-repro/extrapolation` (and `lib/extrapolation`): the module lives in lib/methods/extrapolation.ts. */
export * from "../methods/extrapolation";
