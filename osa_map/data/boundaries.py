"""Country boundaries for the world map, read from the file shipped in the repo.

The shapes come from Natural Earth via ``scripts/build_boundaries.py`` (see
``data/boundaries/README.md``), so the app needs no network to draw the map.
This module has no Streamlit dependency, so it can be tested and reused alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from osa_map.paths import BOUNDARIES_FILE

BOUNDARIES_PATH: Path = BOUNDARIES_FILE

# The Pacific-centred map is cut at this meridian. At -32 the cut runs between
# Brazil and the Azores, so Brazil, Portugal, Cabo Verde and Iceland each stay
# in one piece; only mainland Greenland straddles it (no Atlantic meridian
# misses both Greenland and West Africa).
PACIFIC_CUT_LONGITUDE: float = -32.0

# Lambert cylindrical equal-area on the authalic sphere (x = R·lon, y = R·sin lat):
# exact areas with two lines of numpy, valid past 180° too (the Pacific frame), and
# no PROJ database in the server's memory.
_AUTHALIC_RADIUS_M = 6_371_007.2
_COLUMNS = ["iso3", "name", "geometry"]
_POLYGON_TYPES = [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON]


def load_boundaries(path: Path = BOUNDARIES_PATH) -> pd.DataFrame:
    """Read the shipped country boundaries (columns iso3, name, geometry; EPSG:4326).

    A plain DataFrame whose geometry column holds shapely shapes, not a GeoDataFrame: geopandas
    imports pyproj, ~15 MB in every server process (see docs/performance.md). Fails loudly with
    the path in the message, because a missing or broken boundaries file otherwise surfaces
    later as an empty or wrong map.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"country boundaries file not found: {path}")
    # Plain json + shapely, not gpd.read_file: the file is small GeoJSON, and GDAL would add
    # tens of MB to every server process (see docs/performance.md).
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        rows = []
        for feature in collection["features"]:
            row = {"geometry": shapely.geometry.shape(feature["geometry"]) if feature["geometry"] else None}
            row.update(feature.get("properties") or {})
            rows.append(row)
        frame = pd.DataFrame(rows)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise ValueError(f"cannot read country boundaries from {path}: {exc}") from exc

    if frame.empty:
        raise ValueError(f"{path}: no features")
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    geoms = frame["geometry"].to_numpy()
    if not shapely.is_geometry(geoms).all() or shapely.is_empty(geoms).any():
        raise ValueError(f"{path}: some countries have no geometry")
    if not np.isin(shapely.get_type_id(geoms), _POLYGON_TYPES).all():
        raise ValueError(f"{path}: geometries must be Polygon or MultiPolygon")
    if frame["iso3"].duplicated().any():
        dupes = sorted(frame.loc[frame["iso3"].duplicated(), "iso3"])
        raise ValueError(f"{path}: duplicate iso3 {dupes}")
    return frame[_COLUMNS]


def total_bounds(frame: pd.DataFrame) -> tuple[float, float, float, float]:
    """(west, south, east, north) around every geometry in `frame`, as GeoDataFrame.total_bounds."""
    west, south, east, north = shapely.total_bounds(frame["geometry"].to_numpy())
    return float(west), float(south), float(east), float(north)


def to_pacific_frame(boundaries: pd.DataFrame) -> pd.DataFrame:
    """Move the Americas east of the date line, for a map centred on the Pacific.

    Japan's partners run from Djibouti to Fiji and Tonga; in ordinary
    longitudes that view is torn at 180 and Fiji, Russia and Kiribati appear at
    both edges. Each polygon part whose representative longitude is west of
    PACIFIC_CUT_LONGITUDE is shifted by +360 and each country's parts are then
    dissolved, so the halves cut at 180 join without a seam. Whole parts move
    (not vertices), so no island is torn: every part's representative point
    lies in [cut, cut + 360), and every vertex too except on the one part
    that straddles the cut (mainland Greenland, which reaches 349°, 21° past
    cut + 360). Countries with no moved part are returned unchanged.
    """
    geoms = boundaries["geometry"].to_numpy()
    parts, owner = shapely.get_parts(geoms, return_index=True)
    west = shapely.get_x(shapely.point_on_surface(parts)) < PACIFIC_CUT_LONGITUDE
    parts[west] = shapely.transform(parts[west], lambda xy: xy + (360.0, 0.0))

    moved = np.bincount(owner[west], minlength=len(geoms)) > 0
    shifted = geoms.copy()
    for i in np.flatnonzero(moved):
        shifted[i] = shapely.union_all(parts[owner == i])

    result = boundaries.copy()
    result["geometry"] = shifted
    return result


def representative_points(boundaries: pd.DataFrame) -> pd.DataFrame:
    """One point per country (iso3, lat, lon), inside its largest polygon part.

    A marker at the centroid of Fiji or Kiribati would sit in open sea; the
    largest part puts it on Viti Levu. Longitudes stay in the input's frame.
    """
    largest = [max(shapely.get_parts(geom), key=lambda part: part.area) for geom in boundaries["geometry"]]
    points = shapely.point_on_surface(largest)
    return pd.DataFrame(
        {
            "iso3": boundaries["iso3"].to_numpy(),
            "lat": shapely.get_y(points),
            "lon": shapely.get_x(points),
        },
        index=boundaries.index,
    )


def area_km2(boundaries: pd.DataFrame) -> pd.Series:
    """Area of each country in km², in an equal-area projection.

    Areas in degrees shrink towards the poles; projecting first gives real
    sizes, the same in the ordinary and the Pacific frame.
    """

    def project(coords: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(coords[:, 0]), np.radians(coords[:, 1])
        return np.column_stack([_AUTHALIC_RADIUS_M * lon, _AUTHALIC_RADIUS_M * np.sin(lat)])

    projected = shapely.transform(boundaries["geometry"].to_numpy(), project)
    return pd.Series(shapely.area(projected) / 1e6, index=boundaries.index)
