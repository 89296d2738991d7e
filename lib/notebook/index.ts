/** The public entry `baltic-repro/notebook` (and `lib/notebook`): the module lives in lib/reproduce/notebook.ts. */
export * from "../reproduce/notebook";
