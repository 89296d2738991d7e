// Tests for lib/topojson.ts (TopoJSON → GeoJSON features).
// Reference: the 85-region Russian map as GDAL's TopoJSON driver decodes it (R sf 1.0 / GDAL 3.6): per region
// the bounding box and the number of vertices, in tests/fixtures/rastvortseva-grp-reference.json ("map"),
// regenerated with ONE command:  bash scripts/reference/rastvortseva-grp.sh
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { topojsonFeatures, type GeoFeature, type Position } from "../lib/topojson";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const russia = JSON.parse(readFileSync(here("../data/rastvortseva-2026/inputs/regions-topo.json"), "utf8"));
const gdal = (JSON.parse(readFileSync(here("fixtures/rastvortseva-grp-reference.json"), "utf8")) as { map: Record<string, { bbox: number[]; vertices: number }> }).map;

const rings = (f: GeoFeature): Position[][] =>
  !f.geometry ? [] : f.geometry.type === "Polygon" ? f.geometry.coordinates : f.geometry.coordinates.flat();

describe("topojsonFeatures", () => {
  it("decodes a quantized, delta-encoded arc by hand", () => {
    const fcol = topojsonFeatures(
      {
        type: "Topology",
        transform: { scale: [0.5, 0.5], translate: [10, 20] },
        arcs: [[[0, 0], [2, 0], [0, 2], [-2, -2]]],
        objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: "a", arcs: [[0]] }] } },
      },
      "o",
    );
    expect(fcol).toEqual({
      type: "FeatureCollection",
      features: [{ type: "Feature", id: "a", properties: { id: "a" }, geometry: { type: "Polygon", coordinates: [[[10, 20], [11, 20], [11, 21], [10, 20]]] } }],
    });
  });

  it("reverses an arc given as ~i and drops the repeated first point of each later arc", () => {
    // two arcs forming a square: arc 0 goes (0,0)→(1,0)→(1,1); arc 1 goes (0,0)→(0,1)→(1,1); ring = 0 then ~1
    const topo = {
      type: "Topology",
      arcs: [[[0, 0], [1, 0], [1, 1]], [[0, 0], [0, 1], [1, 1]]],
      objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: 7, arcs: [[0, ~1]] }, { type: null, id: "n" }] } },
    };
    const f = topojsonFeatures(topo, "o").features;
    expect(f[0].id).toBe("7");
    expect(f[0].geometry).toEqual({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
    expect(f[1]).toEqual({ type: "Feature", id: "n", properties: { id: "n" }, geometry: null });
  });

  it("leaves out rings collapsed to fewer than 4 positions (as GDAL) and says how many", () => {
    const topo = {
      type: "Topology",
      arcs: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [1, 1]], [[9, 9], [9, 9]]],
      objects: { o: { type: "GeometryCollection", geometries: [{ type: "MultiPolygon", id: "a", arcs: [[[0], [1]], [[2]]] }, { type: "Polygon", id: "b", arcs: [[2]] }] } },
    };
    const [a, b] = topojsonFeatures(topo, "o").features;
    expect(a.geometry).toEqual({ type: "Polygon", coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] });
    expect(a.properties).toEqual({ id: "a", degenerateRings: 2 });
    expect(b.geometry).toBeNull();
    expect(b.properties).toEqual({ id: "b", degenerateRings: 1 });
  });

  it("merges geometries sharing an id into one MultiPolygon and keeps their properties", () => {
    const topo = {
      type: "Topology",
      arcs: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[5, 5], [6, 5], [6, 6], [5, 5]]],
      objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: "x", arcs: [[0]], properties: { name: "X" } }, { type: "Polygon", id: "x", arcs: [[1]] }] } },
    };
    const [f] = topojsonFeatures(topo, "o").features;
    expect(f.properties).toEqual({ name: "X", id: "x" });
    expect(f.geometry!.type).toBe("MultiPolygon");
    expect(f.geometry!.coordinates.length).toBe(2);
  });

  it("reads the 85-region Russian map as GDAL does: same regions, bounding boxes and vertex counts", () => {
    const features = topojsonFeatures(russia, "geo").features;
    // quantization collapsed 23 tiny rings (islands, lakes) in 9 regions; GDAL leaves them out too
    expect(features.filter((f) => f.properties.degenerateRings).map((f) => f.id).sort()).toEqual(
      ["Kamchatka", "Karelia", "Khakass", "Krasnoyarsk", "Leningrad", "Moscow City", "Moskva", "Ryazan'", "Zabaikalskiy Krai"],
    );
    expect(features.reduce((n, f) => n + ((f.properties.degenerateRings as number | undefined) ?? 0), 0)).toBe(23);
    expect(features.length).toBe(85);
    expect(features.map((f) => f.id).sort()).toEqual(Object.keys(gdal).sort());
    for (const f of features) {
      const pts = rings(f).flat();
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const ref = gdal[f.id];
      expect(pts.length, f.id).toBe(ref.vertices);
      const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      box.forEach((v, k) => expect(Math.abs(v - ref.bbox[k]), `${f.id} bbox[${k}]`).toBeLessThanOrEqual(1e-9));
      for (const r of rings(f)) {
        expect(r[0]).toEqual(r[r.length - 1]); // every ring is closed
        expect(r.length).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("gives every ring of random square grids closed and on the grid (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (nx, ny) => {
        const arcs: number[][][] = [];
        const geometries: { type: string; id: string; arcs: number[][] }[] = [];
        for (let i = 0; i < nx; i++) {
          for (let j = 0; j < ny; j++) {
            arcs.push([[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1], [i, j]]);
            geometries.push({ type: "Polygon", id: `${i}-${j}`, arcs: [[arcs.length - 1]] });
          }
        }
        const f = topojsonFeatures({ type: "Topology", arcs, objects: { g: { type: "GeometryCollection", geometries } } }, "g").features;
        expect(f.length).toBe(nx * ny);
        for (const feat of f) {
          const [ring] = rings(feat);
          expect(ring.length).toBe(5);
          expect(ring[0]).toEqual(ring[4]);
          const [i, j] = feat.id.split("-").map(Number);
          expect(ring[0]).toEqual([i, j]);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("names what is wrong with a bad topology", () => {
    const base = { type: "Topology", arcs: [[[0, 0], [1, 0], [0, 0]]] };
    expect(() => topojsonFeatures({ type: "FeatureCollection", features: [] }, "o")).toThrow(/not "Topology": this is not TopoJSON/);
    expect(() => topojsonFeatures({ ...base, objects: { o: { type: "GeometryCollection", geometries: [] } } }, "geo")).toThrow(/no object "geo"; its objects are "o"/);
    expect(() => topojsonFeatures({ ...base, objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: "a", arcs: [[3]] }] } } }, "o")).toThrow(
      /geometries\[0\]\.arcs\[0\] refers to arc 3, but the topology has 1 arcs/,
    );
    expect(() => topojsonFeatures({ ...base, objects: { o: { type: "GeometryCollection", geometries: [{ type: "LineString", id: "a", arcs: [0] }] } } }, "o")).toThrow(
      /geometries\[0\] is a LineString; only polygons can be drawn as regions/,
    );
    expect(() => topojsonFeatures({ ...base, objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", arcs: [[0]] }] } } }, "o")).toThrow(/geometries\[0\] has no id/);
    expect(() => topojsonFeatures({ type: "Topology", arcs: [[[0, 0], ["a", 1]]], objects: { o: { type: "Polygon", id: "a", arcs: [[0]] } } }, "o")).toThrow(/arcs\[0\]\[1\] is not a position/);
  });
});
