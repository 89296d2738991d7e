/**
 * baltic-repro: inequality, kernel density, spatial autocorrelation, growth-rate extrapolation and the
 * comparison of computed values with printed ones, with the conventions of Gretl, GeoDa/PySAL and R.
 *
 * Import one module per concern (`import { gini } from "baltic-repro/inequality"`), or everything by
 * namespace from here (`import { inequality } from "baltic-repro"`).
 */
export * as inequality from "./inequality";
export * as density from "./density";
export * as spatial from "./spatial";
export * as extrapolation from "./extrapolation";
export * as verify from "./verify";
export * as claims from "./claims";
export * as csv from "./csv";
export * as display from "./display";
export * as notebook from "./notebook";
export * as published from "./published";
export * as topojson from "./topojson";
export * as map from "./map";
export * as svgFigure from "./svg-figure";
export * as sort from "./sort";
export * as random from "./random";
export * as regionalPanel from "./regional-panel";
export * as xlsx from "./xlsx";
export * as rosstatGrp from "./rosstat-grp";
export * as conventions from "./conventions";
