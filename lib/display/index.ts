/** The public entry `baltic-repro/display` (and `lib/display`): the module lives in lib/present/display.ts. */
export * from "../present/display";
