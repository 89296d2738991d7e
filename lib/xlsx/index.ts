/** The public entry `baltic-repro/xlsx` (and `lib/xlsx`): the module lives in lib/io/xlsx.ts. */
export * from "../io/xlsx";
