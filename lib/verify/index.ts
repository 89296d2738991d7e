/** The public entry `baltic-repro/verify` (and `lib/verify`): the module lives in lib/reproduce/verify.ts. */
export * from "../reproduce/verify";
