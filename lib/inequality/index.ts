/** The public entry `baltic-repro/inequality` (and `lib/inequality`): the module lives in lib/methods/inequality/inequality.ts. */
export * from "../methods/inequality/inequality";
