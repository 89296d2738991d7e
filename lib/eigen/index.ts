/** The public entry `baltic-repro/eigen` (and `lib/eigen`): the module lives in lib/numeric/eigen.ts. */
export { symmetricEigenvalues } from "../numeric/eigen";
