"""Exports are valid files that carry the map's own colours and explain themselves offline."""

import csv
import io
import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from osa_map.data.colours import hex_to_rgb
from osa_map.data.dataset import load_dataset
from osa_map.model.snapshot import count_sources
from osa_map.render.export import (
    TABLE_COLUMNS,
    TITLE,
    export_bytes,
    export_filename,
    format_from_path,
    render_static_map,
    standalone_html,
    visible_table,
)
from osa_map.render.webmap import NON_RECIPIENT_FILL, SEA_COLOUR
from tests.helpers import COHORTS, LEDGER, ledger_row, snapshot_for, write_dataset
from tests.test_cli import call_main, run_cli

AS_OF = date(2026, 1, 1)


# `countries` (map_geometry() of the shipped boundaries) is a session fixture in conftest.py.


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("export") / "data"))


@pytest.fixture(scope="module")
def png(dataset, countries) -> Image.Image:
    return Image.open(io.BytesIO(render_static_map(snapshot_for(dataset, AS_OF), "png", countries=countries))).convert(
        "RGB"
    )


@pytest.fixture(scope="module")
def svg(dataset, countries) -> str:
    return render_static_map(snapshot_for(dataset, AS_OF), "svg", countries=countries).decode("utf-8")


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args: str, env_data_dir: Path | None = None):
        return call_main(capsys, monkeypatch, *args, env_data_dir=env_data_dir)

    return run


def as_bytes(colour: str) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in hex_to_rgb(colour))


def test_png_is_1920_by_1080(png):
    assert png.size == (1920, 1080)


def test_png_uses_the_web_maps_colours(png, dataset):
    counts = {colour: count for count, colour in png.getcolors(maxcolors=1920 * 1080)}
    for colour in [*dataset.cohorts["colour"], NON_RECIPIENT_FILL, SEA_COLOUR]:
        assert counts.get(as_bytes(colour), 0) > 200, f"{colour} is missing from the PNG"


def test_png_size_can_be_chosen(dataset, countries):
    data = render_static_map(snapshot_for(dataset, AS_OF), "png", width=1280, height=720, countries=countries)
    assert Image.open(io.BytesIO(data)).size == (1280, 720)
    with pytest.raises(ValueError, match="width"):
        render_static_map(snapshot_for(dataset, AS_OF), "png", width=10, countries=countries)


def test_svg_parses_and_reads_as_a_slide(svg):
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    text = " ".join("".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))
    assert TITLE in text
    assert "Inaugural (FY2023): 2 countries" in text  # legend with counts (PHL, FJI on 1 Jan 2026)
    assert "as known on 1 Jan 2026" in text
    assert "Natural Earth" in text
    assert "<pattern" in svg  # the hatching that tells cohorts apart without colour
    assert "@font-face" not in svg and "url(http" not in svg  # no web fonts, nothing to fetch


def test_images_are_reproducible(dataset, countries, svg):
    # The same data gives the same bytes, so regenerated docs/exports/ diffs stay quiet.
    assert render_static_map(snapshot_for(dataset, AS_OF), "svg", countries=countries).decode() == svg


def test_standalone_html_loads_nothing_from_anywhere(dataset, countries):
    page = standalone_html(snapshot_for(dataset, AS_OF), countries)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page), "everything must be inlined"
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "sourceMappingURL" not in page
    assert "L.version" in page or '"1.9.4"' in page  # Leaflet itself is in the file
    assert f"<title>{TITLE}" in page.replace("&#x27;", "'")
    for iso3 in ("PHL", "FJI", "VNM", "PNG"):
        assert f"({iso3})" in page  # each recipient's tooltip


def test_visible_table_lists_what_the_map_shows(dataset):
    table = visible_table(snapshot_for(dataset, date(2024, 12, 31)))
    assert tuple(table.columns) == TABLE_COLUMNS
    # Cohort order, then name; Papua New Guinea is not known yet.
    assert list(table["ISO3"]) == ["FJI", "PHL", "VNM"]
    philippines = table.set_index("ISO3").loc["PHL"]
    assert philippines["Cohort"] == "Inaugural (FY2023)"
    assert philippines["Status"] == "Agreed"
    assert philippines["Known since"] == "2023-11-03"
    assert philippines["Packages"] == (
        "FY2023 ¥600 million: Coastal radar systems; FY2024 about ¥1.6 billion: Boats and radar"
    )
    assert philippines["Latest source link"] == "https://example.org/phl"
    assert table.set_index("ISO3").loc["FJI", "Packages"] == "none recorded yet"


def test_csv_and_xlsx_exports_hold_the_table_with_formulas_neutralised(tmp_path, countries):
    ledger = [*LEDGER, ledger_row("LKA", '=HYPERLINK("http://x")', "2024-01-01", "fy2024_25", "candidate")]
    dataset = load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    rows = list(csv.reader(io.StringIO(export_bytes(snapshot_for(dataset, AS_OF), "csv").decode("utf-8-sig"))))
    assert tuple(rows[0]) == TABLE_COLUMNS
    assert len(rows) == 1 + 5
    assert [row[0] for row in rows if row[1] == "LKA"] == ['\'=HYPERLINK("http://x")']

    workbook = openpyxl.load_workbook(io.BytesIO(export_bytes(snapshot_for(dataset, AS_OF), "xlsx")))
    sheet = workbook.active
    assert tuple(cell.value for cell in sheet[1]) == TABLE_COLUMNS
    assert sheet.max_row == 1 + 5


def test_sources_are_counted_once_each(dataset):
    # Four countries' ledger rows (one URL each) and two Philippine packages (one with a URL).
    assert count_sources(dataset, AS_OF) == 6
    assert count_sources(dataset, date(2023, 1, 1)) == 0


def test_file_names_and_formats(dataset):
    assert export_filename(snapshot_for(dataset, date(2026, 11, 24)), "png") == "osa-map-2026-11-24.png"
    filtered = snapshot_for(dataset, date(2025, 3, 31), cohort=("inaugural",), region=("melanesia",))
    assert export_filename(filtered, "html") == "osa-map-2025-03-31-cohort-inaugural-region-melanesia.html"
    assert format_from_path(Path("slides/MAP.SVG")) == "svg"
    assert format_from_path(Path("map.pdf")) is None


# --- the command line: in-process, but for test_cli_writes_a_png ------------------------------------


def test_cli_writes_a_png(tmp_path):
    """The smoke test of the real `python -m osa_map export`."""
    out = tmp_path / "map.png"
    result = run_cli("export", str(out), "--as-of", "2025-01-01", env_data_dir=write_dataset(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert Image.open(out).size == (1920, 1080)
    assert f"wrote {out}" in result.stdout


def test_cli_writes_a_csv_and_says_tables_stay_english_under_japanese(tmp_path, cli):
    out = tmp_path / "recipients.csv"
    result = cli(
        "export", str(out), "--as-of", "2026-01-01", "--lang", "ja", env_data_dir=write_dataset(tmp_path / "data")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the tables are exported in English" in result.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("Country,ISO3,Cohort")


def test_cli_writes_a_japanese_svg(tmp_path, cli):
    out = tmp_path / "map.svg"
    result = cli(
        "export", str(out), "--as-of", "2026-01-01", "--lang", "ja", env_data_dir=write_dataset(tmp_path / "data")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "日本の政府安全保障能力強化支援" in out.read_text(encoding="utf-8")
    assert result.stderr == ""  # nor any warning or log record a fresh interpreter would print there


def test_cli_invalid_data_exits_1_and_lists_the_problems(tmp_path, cli):
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    out = tmp_path / "map.png"
    result = cli("export", str(out), env_data_dir=write_dataset(tmp_path / "data", ledger=ledger))
    assert result.returncode == 1
    assert "error: recipients.csv, row 2, column as_of:" in result.stdout
    assert not out.exists()
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["map.pdf"], "end it in .png"),
        (["map.png", "--as-of", "2024-02-30"], "calendar date"),
        (["map.png", "--lang", "fr"], "invalid choice"),
        (["map.png", "--width", "5"], "between"),
        (["/no/such/folder/map.png"], "does not exist"),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path, cli, args, message):
    args = [str(tmp_path / arg) if arg.startswith("map.") else arg for arg in args]
    result = cli("export", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_cli_misuse_shows_no_traceback(tmp_path, cli):
    result = cli("export", str(tmp_path / "map.pdf"))
    assert result.returncode == 2
    assert "end it in .png" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_filtered_image_says_what_it_leaves_out(dataset, countries):
    """A slide of a filtered view names the filter and how many recipients it hides, and its
    legend never claims a hidden cohort is empty."""
    snapshot = snapshot_for(dataset, AS_OF, cohort=("inaugural",))
    svg = render_static_map(snapshot, "svg", countries=countries).decode("utf-8")
    assert "Filtered: Cohort: inaugural" in svg
    assert f"{snapshot.hidden_count} hidden by filter" in svg and snapshot.hidden_count > 0
    page = standalone_html(snapshot, countries)
    assert "Filtered: Cohort: inaugural" in page


def test_dollar_signs_and_backslashes_in_the_data_are_drawn_as_text(tmp_path, countries):
    """matplotlib reads "$...$" as mathtext: "US$5m to $8m" came out garbled, and a
    "$\\undefinedmacro$" made the export fail. Text from the CSVs is drawn as it is."""
    cohorts = [dict(COHORTS[0], label="Grants of US$5m to $8m"), *COHORTS[1:]]
    ledger = [*LEDGER, ledger_row("TON", r"Tonga $\undefinedmacro$", "2025-12-05", "fy2024_25", "agreed")]
    hostile = load_dataset(write_dataset(tmp_path / "data", cohorts=cohorts, ledger=ledger))
    svg = render_static_map(snapshot_for(hostile, AS_OF), "svg", countries=countries).decode("utf-8")
    assert "Grants of US$5m to $8m: 2 countries" in svg  # the legend's text, as written
    assert render_static_map(snapshot_for(hostile, AS_OF), "png", countries=countries).startswith(b"\x89PNG")
