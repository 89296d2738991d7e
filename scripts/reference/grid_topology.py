"""Write tests/fixtures/grid3x3-topo.json: a 3 x 3 grid of unit squares as a quantized, delta-encoded
TopoJSON topology (object "grid", ids "r0c0" .. "r2c2", row r = y, column c = x). Every lattice edge is one
arc, shared by the two cells on either side; each horizontal arc also carries its midpoint as an interior
position. Expected by hand: queen 20 neighbour pairs (40 nonzero w_ij: corners 3, edge cells 5, centre 8),
rook 12 pairs (24: corners 2, edge cells 3, centre 4).

Regenerate (from the project root):  /usr/bin/python3 scripts/reference/grid_topology.py
"""
import json

STEP = 10  # quantized units per cell side
arcs = []
h = {}  # (i, j) -> arc index of the edge (i, j)-(i+1, j)
v = {}  # (i, j) -> arc index of the edge (i, j)-(i, j+1)
for j in range(4):
    for i in range(3):
        h[(i, j)] = len(arcs)
        arcs.append([(STEP * i, STEP * j), (STEP * i + STEP // 2, STEP * j), (STEP * (i + 1), STEP * j)])
for i in range(4):
    for j in range(3):
        v[(i, j)] = len(arcs)
        arcs.append([(STEP * i, STEP * j), (STEP * i, STEP * (j + 1))])


def delta(points):
    out = [list(points[0])]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        out.append([x1 - x0, y1 - y0])
    return out


geometries = []
for r in range(3):
    for c in range(3):
        ring = [h[(c, r)], v[(c + 1, r)], ~h[(c, r + 1)], ~v[(c, r)]]  # counter-clockwise
        geometries.append({"type": "Polygon", "id": f"r{r}c{c}", "arcs": [ring]})

topology = {
    "type": "Topology",
    "transform": {"scale": [0.025, 0.05], "translate": [20.0, 50.0]},
    "objects": {"grid": {"type": "GeometryCollection", "geometries": geometries}},
    "arcs": [delta(a) for a in arcs],
}
with open("tests/fixtures/grid3x3-topo.json", "w") as f:
    json.dump(topology, f, indent=None, separators=(",", ":"))
    f.write("\n")
