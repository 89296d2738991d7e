/** The public entry `baltic-repro/sort` (and `lib/sort`): the module lives in lib/numeric/sort.ts. */
export * from "../numeric/sort";
