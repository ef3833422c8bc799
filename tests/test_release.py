"""The data release: its version shown and cited, and the whole dataset as a download."""

import io
import zipfile
from datetime import date

from frictionless import Package

from osa_map.data.dataset import load_dataset
from osa_map.data.release import RELEASE_FILES, UNVERSIONED, dataset_zip, read_release
from osa_map.model.citation import citation_bibtex, citation_text
from osa_map.paths import DATA_DIR
from osa_map.render.formats import source_line
from tests.helpers import snapshot_for, write_dataset
from tests.test_pages import run_app


def test_the_shipped_data_has_a_date_version_and_a_changelog_entry_for_it():
    version = read_release(DATA_DIR)
    assert len(version) == 10 and version[4] == version[7] == "."  # YYYY.MM.DD
    assert f"## {version}" in (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_folder_without_a_version_says_so(tmp_path):
    assert read_release(write_dataset(tmp_path / "data")) == UNVERSIONED


def test_the_download_is_the_whole_data_package_and_validates_on_its_own(tmp_path):
    data = dataset_zip(DATA_DIR)
    assert data == dataset_zip(DATA_DIR)  # the same files give the same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        folder = f"osa-data-{read_release(DATA_DIR)}"
        assert names == [f"{folder}/{name}" for name in RELEASE_FILES]
        archive.extractall(tmp_path)
    report = Package(str(tmp_path / folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_citation_names_the_version_the_files_the_date_and_the_link(tmp_path):
    dataset = load_dataset(write_dataset(tmp_path / "data"))
    (tmp_path / "data" / "VERSION").write_text("2026.12.02\n", encoding="utf-8")
    snapshot = snapshot_for(dataset, date(2025, 3, 31))
    link = "http://localhost:8501/?as_of=2025-03-31"
    text = citation_text(snapshot, link)
    assert "as known on 31 Mar 2025" in text and "Data version 2026.12.02" in text
    assert f"(files {dataset.fingerprint[:8]})" in text and link in text
    bibtex = citation_bibtex(snapshot, link)
    assert bibtex.startswith("@misc{osa_map_2026_12_02_20250331,") and f"url = {{{link}}}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")
    assert "version 2026.12.02" in source_line(snapshot)  # every image and HTML export says it
    japanese = citation_text(snapshot_for(dataset, date(2025, 3, 31), "ja"), link)
    assert "2025年3月31日時点" in japanese and "データ版 2026.12.02" in japanese


def test_the_panel_and_the_about_page_offer_a_citation_and_the_about_page_the_download():
    app = run_app({"country": "FJI", "as_of": "2025-03-31"})
    assert not app.exception
    codes = [block.value for block in app.code]
    assert any("as known on 31 Mar 2025" in code and "as_of=2025-03-31" in code for code in codes)
    assert any(code.startswith("@misc{") for code in codes)
    about = run_app(page="pages/about.py")
    assert not about.exception
    assert any(button.proto.label.startswith("Download the dataset") for button in about.get("download_button"))


def test_the_command_line_exports_the_dataset_zip(tmp_path, capsys, monkeypatch):
    from tests.test_cli import call_main

    out = tmp_path / "dataset.zip"
    result = call_main(capsys, monkeypatch, "export", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == dataset_zip(DATA_DIR)
