/** The public entry `baltic-repro/csv` (and `lib/csv`): the module lives in lib/io/csv.ts. */
export * from "../io/csv";
