"""Checks on the shipped country boundaries and the helpers in osa_map.boundaries."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys

import pycountry
import pytest
import shapely

from osa_map.data.boundaries import (
    BOUNDARIES_PATH,
    PACIFIC_CUT_LONGITUDE,
    area_km2,
    load_boundaries,
    representative_points,
    to_pacific_frame,
    total_bounds,
)

# The 193 UN member states (ISO 3166-1 alpha-3), as listed by the UN in 2024
# (South Sudan, 2011, was the last to join). Observers (Vatican, Palestine)
# and Kosovo and Taiwan are deliberately not in this list.
# fmt: off
UN_MEMBERS = {
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD", "BRB", "BLR",
    "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI", "CPV", "KHM", "CMR", "CAN",
    "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "PRK", "COD", "DNK",
    "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB",
    "GEO", "DEU", "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN", "IRN",
    "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO",
    "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM",
    "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR",
    "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR", "MDA", "ROU", "RUS", "RWA",
    "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE", "SGP", "SVK", "SVN", "SLB", "SOM",
    "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR", "TJK", "THA", "TLS", "TGO", "TON", "TTO", "TUN",
    "TUR", "TKM", "TUV", "UGA", "UKR", "ARE", "GBR", "TZA", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB",
    "ZWE",
}
# fmt: on

TINY_STATES = ["TUV", "NRU", "PLW", "TON", "MHL", "KIR", "FSM", "MDV", "SYC", "LIE", "MCO", "SMR", "VAT", "AND"]

CUT = PACIFIC_CUT_LONGITUDE


# `boundaries` (load_boundaries() of the shipped file) is a session fixture in conftest.py.


@pytest.fixture(scope="module")
def pacific(boundaries):
    return to_pacific_frame(boundaries)


@pytest.fixture(scope="module")
def raw_geojson():
    return json.loads(BOUNDARIES_PATH.read_text(encoding="utf-8"))


def by_iso3(frame, iso3):
    return frame.loc[frame["iso3"] == iso3].geometry.iloc[0]


def rings(geometry):
    """Yield every ring of a GeoJSON Polygon/MultiPolygon as a list of [lon, lat]."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        yield from polygon


def test_un_member_list_is_complete():
    assert len(UN_MEMBERS) == 193


def test_every_un_member_present(boundaries):
    assert UN_MEMBERS - set(boundaries["iso3"]) == set()


def test_iso3_valid_and_unique(boundaries):
    codes = list(boundaries["iso3"])
    assert len(codes) == len(set(codes))
    assert "-99" not in codes
    for code in codes:
        assert code == code.upper() and len(code) == 3
        assert code == "XKX" or pycountry.countries.get(alpha_3=code), code


def test_antarctica_dropped(boundaries):
    assert "ATA" not in set(boundaries["iso3"])


def test_feature_properties_and_geometry_types(raw_geojson):
    assert raw_geojson["type"] == "FeatureCollection"
    for feature in raw_geojson["features"]:
        assert set(feature["properties"]) == {"iso3", "name"}
        assert feature["properties"]["name"].strip()
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_english_short_names(boundaries):
    names = dict(zip(boundaries["iso3"], boundaries["name"], strict=True))
    assert names["VNM"] == "Vietnam"
    assert names["KOR"] == "South Korea"
    assert names["FRA"] == "France"
    assert names["XKX"] == "Kosovo"


def test_file_is_compact_and_sorted(raw_geojson):
    text = BOUNDARIES_PATH.read_text(encoding="utf-8")
    assert not any(line.startswith(" ") for line in text.splitlines())
    codes = [f["properties"]["iso3"] for f in raw_geojson["features"]]
    assert codes == sorted(codes)
    assert not re.search(r"\d\.\d{4,}", text), "coordinates should have at most 3 decimals"


def test_no_ring_crosses_the_antimeridian(raw_geojson):
    for feature in raw_geojson["features"]:
        for ring in rings(feature["geometry"]):
            lons = [lon for lon, _ in ring]
            lats = [lat for _, lat in ring]
            assert min(lons) >= -180 and max(lons) <= 180, feature["properties"]["iso3"]
            assert min(lats) >= -90 and max(lats) <= 90, feature["properties"]["iso3"]
            assert max(lons) - min(lons) <= 180, feature["properties"]["iso3"]


def test_gzipped_size_within_budget():
    assert len(gzip.compress(BOUNDARIES_PATH.read_bytes())) <= 250 * 1024


@pytest.mark.parametrize("iso3", TINY_STATES)
def test_tiny_states_have_geometry(boundaries, iso3):
    geom = by_iso3(boundaries, iso3)
    assert not geom.is_empty
    assert geom.area > 0


def test_fiji_and_russia_contiguous_in_pacific_frame(pacific):
    fiji = by_iso3(pacific, "FJI").bounds
    assert fiji[2] - fiji[0] < 10
    assert fiji[0] > 170 and fiji[2] < 190
    russia = by_iso3(pacific, "RUS").bounds
    assert russia[0] > 0 and russia[2] < 200
    kiribati = by_iso3(pacific, "KIR").bounds
    assert kiribati[0] > 170 and kiribati[2] < 210
    assert by_iso3(pacific, "TON").bounds[0] > fiji[2]  # Tonga lies east of Fiji


def test_halves_cut_at_180_are_joined_in_pacific_frame(boundaries, pacific):
    # In the shipped file Fiji and Russia each have parts ending at 180 and
    # starting at -180; in the Pacific frame no part may end at 180 any more.
    for iso3 in ("FJI", "RUS"):
        ordinary = shapely.bounds(shapely.get_parts(by_iso3(boundaries, iso3)))
        assert (ordinary[:, 2] == 180).any() and (ordinary[:, 0] == -180).any()
        shifted = shapely.bounds(shapely.get_parts(by_iso3(pacific, iso3)))
        assert not (shifted[:, 2] == 180).any(), iso3
        assert not (shifted[:, 0] == 180).any(), iso3


def test_pacific_frame_longitudes(pacific):
    for iso3, geom in zip(pacific["iso3"], pacific.geometry, strict=True):
        for part in shapely.get_parts(geom):
            x = part.representative_point().x
            assert CUT <= x < CUT + 360, iso3
            minx, _, maxx, _ = part.bounds
            if iso3 == "GRL" and minx < CUT + 360 <= maxx:
                # Mainland Greenland straddles every Atlantic cut and is moved
                # whole, so it alone may reach past cut + 360.
                assert maxx < CUT + 360 + 30
                continue
            assert minx >= CUT and maxx < CUT + 360, iso3


def test_pacific_frame_keeps_columns_and_order(boundaries, pacific):
    assert list(pacific.columns) == list(boundaries.columns)
    assert list(pacific["iso3"]) == list(boundaries["iso3"])
    assert pacific.index.equals(boundaries.index)
    assert type(pacific) is type(boundaries)
    assert shapely.is_geometry(pacific["geometry"].to_numpy()).all()
    # Countries far from the cut are untouched.
    assert by_iso3(pacific, "JPN").equals(by_iso3(boundaries, "JPN"))


@pytest.mark.parametrize("frame", ["boundaries", "pacific"])
def test_representative_points_inside_country(request, frame):
    countries = request.getfixturevalue(frame)
    points = representative_points(countries)
    assert list(points.columns) == ["iso3", "lat", "lon"]
    assert points.index.equals(countries.index)
    inside = shapely.covers(countries.geometry.to_numpy(), shapely.points(points["lon"], points["lat"]))
    assert inside.all(), list(points.loc[~inside, "iso3"])


def test_fiji_marker_on_viti_levu(boundaries):
    point = representative_points(boundaries).set_index("iso3").loc["FJI"]
    assert 177 < point["lon"] < 179 and -18.3 < point["lat"] < -17.3


def test_area_km2(boundaries, pacific):
    areas = dict(zip(boundaries["iso3"], area_km2(boundaries), strict=True))
    assert 10_000 < areas["FJI"] < 25_000
    assert 350_000 < areas["JPN"] < 400_000
    pacific_areas = dict(zip(pacific["iso3"], area_km2(pacific), strict=True))
    for iso3 in ("FJI", "RUS", "KIR", "USA"):
        assert pacific_areas[iso3] == pytest.approx(areas[iso3], rel=1e-6)


def test_load_missing_file(tmp_path):
    path = tmp_path / "nope.geojson"
    with pytest.raises(FileNotFoundError, match="nope.geojson"):
        load_boundaries(path)


def test_load_malformed_file(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.geojson"):
        load_boundaries(path)


def test_load_file_without_iso3(tmp_path):
    path = tmp_path / "noiso.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name": "Square"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(ValueError, match="noiso.geojson"):
        load_boundaries(path)


def test_total_bounds_matches_geopandas(boundaries, pacific):
    import geopandas as gpd  # only here: the app imports it only to draw an image

    for frame in (boundaries, pacific):
        expected = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326").total_bounds
        assert total_bounds(frame) == tuple(expected)
    west, _, east, _ = total_bounds(pacific)
    assert west >= CUT and east > 180  # the Pacific frame reaches past the date line


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}


def feature(geometry=SQUARE, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


@pytest.mark.parametrize(
    ("features", "message"),
    [
        ([], "no features"),
        ([feature(iso3="AAA")], r"missing columns \['name'\]"),
        ([feature(None, iso3="AAA", name="A")], "some countries have no geometry"),
        ([feature({"type": "Polygon", "coordinates": []}, iso3="AAA", name="A")], "some countries have no geometry"),
        ([feature({"type": "Point", "coordinates": [0, 0]}, iso3="AAA", name="A")], "must be Polygon or MultiPolygon"),
        ([feature({"type": "Blob", "coordinates": []}, iso3="AAA", name="A")], "cannot read country boundaries"),
        ([feature(iso3="AAA", name="A"), feature(iso3="AAA", name="B")], r"duplicate iso3 \['AAA'\]"),
    ],
)
def test_load_rejects_invalid_features(tmp_path, features, message):
    path = tmp_path / "invalid.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        load_boundaries(path)
    assert "invalid.geojson" in str(error.value)


def test_module_does_not_import_streamlit():
    code = "import sys, osa_map.data.boundaries; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=BOUNDARIES_PATH.parents[2]
    )
    assert result.stdout.strip() == "False"
