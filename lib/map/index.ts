/** The public entry `baltic-repro/map` (and `lib/map`): the module lives in lib/present/map.ts. */
export * from "../present/map";
