/** The public entry `baltic-repro/published` (and `lib/published`): the module lives in lib/reproduce/published.ts. */
export * from "../reproduce/published";
