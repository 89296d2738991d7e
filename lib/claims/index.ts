/** The public entry `baltic-repro/claims` (and `lib/claims`): the module lives in lib/reproduce/claims.ts. */
export * from "../reproduce/claims";
