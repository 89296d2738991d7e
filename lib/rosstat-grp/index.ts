/** The public entry `baltic-repro/rosstat-grp` (and `lib/rosstat-grp`): the module lives in lib/io/rosstat-grp.ts. */
export * from "../io/rosstat-grp";
