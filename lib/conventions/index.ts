/** The public entry `baltic-repro/conventions`: the module lives in lib/reproduce/conventions.ts. */
export * from "../reproduce/conventions";
