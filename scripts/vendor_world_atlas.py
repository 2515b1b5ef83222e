"""Build ``pipeline/puentes/static/maps/world.json`` from the npm package ``world-atlas``.

world-atlas (ISC licence, by Mike Bostock) ships Natural Earth's admin-0 country shapes
(public domain) as TopoJSON keyed by ISO 3166-1 numeric codes. This script, run once by a
maintainer, turns them into what puentes draws offline: one SVG path per country, projected
with the Equal Earth projection onto a 960-unit-wide plane, simplified (Douglas–Peucker,
0.35 units) and keyed by ISO 3166-1 alpha-3 (through data/raw/countries/country-codes.csv).
Countries too small to see at 1:110m (most small island states) come from the 1:50m file and
get a centroid, so that a map can mark them with a dot.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/vendor_world_atlas.py package/      # writes static/maps/world.json

Nothing here runs at build or publish time: the output is committed (see
pipeline/puentes/static/maps/README.md).
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline" / "puentes" / "static" / "maps" / "world.json"
WIDTH = 960.0
TOLERANCE = 0.35
SMALL = 30.0  # square units: below this bounding-box area a country also gets a dot

# Equal Earth (Šavrič, Patterson and Jenny 2018)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = 2.7066297319215575  # x at longitude 180°, latitude 0
Y_MAX = 1.3173627591574133  # y at latitude 90°
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE, 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth: longitude and latitude in degrees to plane units (y down)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) to absolute longitude/latitude points."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """A ring stitched from arc indexes (a negative index is the reversed arc ~i)."""
    pts: list[tuple[float, float]] = []
    for i in indexes:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            x0, y0 = pts[i]
            d = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm if (dx or dy) else \
                math.hypot(x0 - x1, y0 - y1)
            if d > best:
                best, idx = d, i
        if best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def unwrap(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Fiji, Chukotka) as two copies: longitudes made
    continuous (east of 180°), and the same shifted by 360° — each is cut by the map's edge."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(pts, pts[1:], strict=False)):
        return [pts]
    east = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in pts]
    return [east, [(lon - 360, lat) for lon, lat in east]]


def polygons(geom: dict) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def shape(geom: dict, arcs: list) -> tuple[str, list[float], tuple[float, float]]:
    """SVG path data, bounding box and centroid (of the largest ring) of one country."""
    parts, xs, ys = [], [], []
    largest: list[tuple[float, float]] = []
    for poly in polygons(geom):
        for k, r in enumerate(poly):
            for lonlat in unwrap(ring(arcs, r)):
                pts = simplify([project(*p) for p in lonlat], TOLERANCE)
                if len(pts) < 3:
                    continue
                if k == 0 and len(pts) > len(largest) and lonlat[0][0] <= 180:
                    largest = pts
                xs += [p[0] for p in pts]
                ys += [p[1] for p in pts]
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts[:-1]) + "Z")
    if not parts:
        return "", [], (0.0, 0.0)
    cx = sum(p[0] for p in largest) / len(largest)
    cy = sum(p[1] for p in largest) / len(largest)
    return "".join(parts), [min(xs), min(ys), max(xs), max(ys)], (cx, cy)


def numeric_to_alpha3() -> dict[str, str]:
    table = ROOT / "data" / "raw" / "countries" / "country-codes.csv"
    with table.open(encoding="utf-8") as f:
        return {r["ISO3166-1-numeric"].zfill(3): r["ISO3166-1-Alpha-3"]
                for r in csv.DictReader(f) if r["ISO3166-1-numeric"].strip()}


def features(path: Path, codes: dict[str, str]) -> dict[str, dict]:
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        a3 = codes.get(str(g.get("id", "")).zfill(3))
        if not a3 or a3 == "ATA":  # unnamed disputed areas and Antarctica are left out
            continue
        d, box, c = shape(g, arcs)
        if d:
            out[a3] = {"name": g["properties"]["name"], "d": d, "box": box, "c": c}
    return out


def main(package: Path) -> None:
    codes = numeric_to_alpha3()
    base = features(package / "countries-110m.json", codes)
    extra = features(package / "countries-50m.json", codes)
    countries = {}
    for a3, f in sorted({**{k: v for k, v in extra.items() if k not in base},
                         **base}.items()):
        x0, y0, x1, y1 = f["box"]
        entry = {"name": f["name"], "d": f["d"]}
        if (x1 - x0) * (y1 - y0) < SMALL:
            entry["dot"] = [round(f["c"][0], 1), round(f["c"][1], 1)]
        countries[a3] = entry
    version = json.loads((package / "package.json").read_text())["version"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "source": f"Natural Earth admin-0 countries (public domain), 1:110m and 1:50m, "
                  f"via the npm package world-atlas {version} (ISC)",
        "projection": "Equal Earth", "width": WIDTH, "height": HEIGHT,
        "countries": countries}, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("package"))
