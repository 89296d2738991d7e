/** The public entry `baltic-repro/topology` (and `lib/topology`): the module lives in lib/geo/topology.ts. */
export * from "../geo/topology";
