/** The public entry `baltic-repro/svg-figure` (and `lib/svg-figure`): the module lives in lib/present/svg-figure.ts. */
export * from "../present/svg-figure";
