/** The public entry `baltic-repro/validate` (and `lib/validate`): the module lives in lib/numeric/validate.ts. */
export * from "../numeric/validate";
