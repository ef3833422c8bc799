"""The interactive map as the app serves it: outlines fetched from the app, fetch started early."""

import gzip
import json
import re
from datetime import date

import pytest

from osa_map.data.boundaries import total_bounds
from osa_map.data.dataset import load_dataset
from osa_map.model.snapshot import build_snapshot
from osa_map.model.view import View
from osa_map.render.assets import leaflet_urls
from osa_map.render.map_fitting import MAX_VIEW_ZOOM, TYPICAL_MAP_WIDTH_PX, view_of
from osa_map.render.webmap import (
    OutlineUrls,
    build_map,
    geometry_json,
    outlines_gzip,
    prefetch_script,
    view_layer,
)
from tests.helpers import write_dataset

OUTLINES = OutlineUrls(
    geometry="/app/static/generated/countries-abc.json",
    geometry_gzip="/app/static/generated/countries-abc.json.gz",
    prefetch_script="/app/static/generated/countries-prefetch-abc.js",
)


# `countries` (map_geometry() of the shipped boundaries) is a session fixture in conftest.py.


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("mapview") / "data"))


def snapshot_of(dataset, countries, **view):
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    return build_snapshot(dataset, View(**view), date(2026, 1, 1), names, {})


@pytest.fixture(scope="module")
def served_map(small_dataset, countries):
    return build_map(countries, leaflet_urls(), OUTLINES, fit_codes=small_dataset.ledger["iso3"])


def test_the_base_map_is_the_same_for_every_view_and_the_view_layer_is_not(small_dataset, countries):
    """streamlit-folium reloads the map's frame when its page changes: Play, filters and clicks
    must change only the view layer, so the drawn map is recoloured, never blanked."""

    def base():
        return build_map(countries, leaflet_urls(), OUTLINES, fit_codes=small_dataset.ledger["iso3"])

    def layer(**view):
        return view_layer(snapshot_of(small_dataset, countries, **view), countries)

    assert normalised(base().get_root().render()) == normalised(base().get_root().render())
    assert render_layer(layer(as_of=date(2023, 9, 1))) != render_layer(layer())
    assert render_layer(layer(country="FJI")) != render_layer(layer())


def normalised(page: str) -> str:
    # folium names its elements with random ids; streamlit-folium compares pages without them.
    return re.sub(r"_[0-9a-f]{32}", "_ID", page)


def render_layer(group) -> str:
    return normalised("".join(child._template.module.script(child, {}) for child in group._children.values()))


def test_the_outline_fetch_is_started_before_leaflet_loads(served_map):
    # streamlit-folium loads these one after another: the prefetch first, so the two downloads overlap.
    assert [url for _, url in served_map.default_js] == [OUTLINES.prefetch_script, leaflet_urls().js]


def test_the_map_takes_up_the_prefetched_outlines_and_embeds_none(served_map):
    page = served_map.get_root().render()
    assert "window.osaOutlines ||" in page
    assert json.dumps(OUTLINES.geometry) in page
    assert '"coordinates"' not in page  # the outlines stay in their cached file


def test_prefetch_script_quotes_the_urls_as_javascript_strings():
    script = prefetch_script('/app/static/a"b.json', '/app/static/a"b.json.gz')
    assert 'fetch("/app/static/a\\"b.json.gz")' in script
    assert 'fetch("/app/static/a\\"b.json")' in script


def test_prefetch_script_unpacks_the_gzip_file_and_falls_back_to_the_plain_one():
    script = prefetch_script("/plain.json", "/packed.json.gz")
    # Browsers with DecompressionStream take the precompressed file; older ones the plain file.
    assert script.index('typeof DecompressionStream === "function"') < script.index('fetch("/packed.json.gz")')
    assert 'new DecompressionStream("gzip")' in script
    assert script.index('fetch("/packed.json.gz")') < script.index('fetch("/plain.json")')


def test_the_gzip_outlines_unpack_to_the_geojson_and_are_the_same_bytes_every_time(countries):
    outlines = geometry_json(countries)
    packed = outlines_gzip(outlines)
    assert gzip.decompress(packed).decode("utf-8") == outlines
    assert outlines_gzip(outlines) == packed  # stable bytes: a stable content-hashed file name
    assert len(packed) < len(outlines) / 2


def test_a_tour_overview_fits_djibouti_to_tonga_in_the_map(countries):
    view = view_of(countries, ["DJI", "TON", "MNG", "PHL"])
    shown_degrees = 360 * TYPICAL_MAP_WIDTH_PX / (256 * 2**view.zoom)
    west, _, east, _ = total_bounds(countries[countries["iso3"].isin(["DJI", "TON"])])
    assert east - west < shown_degrees < 1.5 * (east - west)  # all of it, without half the world around
    assert view.zoom * 4 == int(view.zoom * 4)  # the map's quarter zoom steps


def test_a_lone_country_is_shown_with_its_neighbours(countries):
    mongolia = view_of(countries, ["MNG"])
    shown_degrees = 360 * TYPICAL_MAP_WIDTH_PX / (256 * 2**mongolia.zoom)
    assert shown_degrees > 1.8 * 32  # Mongolia is ~32° wide
    assert view_of(countries, ["TON"]).zoom == MAX_VIEW_ZOOM  # a small island state: as close as allowed
