/** The public entry `baltic-repro/fft` (and `lib/fft`): the module lives in lib/numeric/fft.ts. */
export * from "../numeric/fft";
