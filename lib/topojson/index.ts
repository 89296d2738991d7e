/** The public entry `baltic-repro/topojson` (and `lib/topojson`): the module lives in lib/geo/topojson.ts. */
export * from "../geo/topojson";
