/** The public entry `baltic-repro/random` (and `lib/random`): the module lives in lib/numeric/random.ts. */
export * from "../numeric/random";
