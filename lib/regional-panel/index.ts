/** The public entry `baltic-repro/regional-panel` (and `lib/regional-panel`): the module lives in lib/reproduce/regional-panel.ts. */
export * from "../reproduce/regional-panel";
