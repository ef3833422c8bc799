"""Command line: `python -m osa_map validate [PATH]`, `export OUT` and `cohorts [--as-of DATE]`.

Exit codes: 0 the data is valid (warnings allowed) or the export was written, 1 the data has
errors, 2 the command was misused. Editors see one line per problem (file, row, column, what to
do); never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date
from pathlib import Path
from typing import TextIO

from osa_map.data.budget import BUDGET_FILE, load_budget
from osa_map.data.dataset import DATA_DIR_ENV, Dataset, data_directory, load_dataset
from osa_map.data.files import atomic_write_bytes
from osa_map.data.schema import DataError, Problem
from osa_map.i18n import LANGUAGES, Language, language_from
from osa_map.model.snapshot import build_snapshot
from osa_map.model.view import View

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# Japanese is accepted now so scripts can ask for it; the catalogue arrives with i18n.
EXPORT_LANGUAGES = ("en", "ja")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m osa_map", description="Tools for the OSA map's data files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check the data files and list every problem",
        description=f"Check cohorts.csv, recipients.csv and packages.csv in PATH (default: ${DATA_DIR_ENV} or data/).",
    )
    validate.add_argument("path", nargs="?", type=Path, help="the data folder, or one of its CSV files")
    validate.add_argument(
        "--lang", choices=EXPORT_LANGUAGES, default="en", help="language of the problems (ja: Japanese)"
    )
    export = commands.add_parser(
        "export",
        help="save the map as PNG, SVG or standalone HTML, the recipients as CSV or XLSX, or the dataset as a zip",
        description=(
            "Write the map (or its table) as known on a date. The format follows OUT's extension: "
            ".png and .svg for slides (1920x1080 by default), .html for a map that opens with no "
            "network, .csv and .xlsx for the table, .zip for the whole dataset (CSVs, datapackage.json, "
            f"changelog, licence). Data from ${DATA_DIR_ENV} or data/."
        ),
    )
    export.add_argument(
        "out", type=Path, metavar="OUT", help="the file to write: OUT.png, .svg, .html, .csv, .xlsx or .zip"
    )
    export.add_argument(
        "--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="the date to show (default: today)"
    )
    export.add_argument("--lang", choices=EXPORT_LANGUAGES, default="en", help="language of titles and legend")
    export.add_argument("--width", type=int, default=1920, help="image width in pixels (PNG and SVG)")
    export.add_argument("--height", type=int, default=1080, help="image height in pixels (PNG and SVG)")
    cohorts = commands.add_parser(
        "cohorts",
        help="print each recipient's iso3, country and cohort as known on a date, as CSV",
        description=(
            "Print, as CSV sorted by iso3, every recipient's iso3, country and cohort key as known on a date: "
            f"for scripts, and for checking the ledger. Data from ${DATA_DIR_ENV} or data/."
        ),
    )
    cohorts.add_argument(
        "--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="the date to ask about (default: today)"
    )
    cohorts.add_argument("--lang", choices=EXPORT_LANGUAGES, default="en", help="language of the country names")
    publish = commands.add_parser(
        "publish",
        help="bake the current data version into a static site (any web server, or a USB stick)",
        description=(
            "Write the static edition into OUT: the map with its timeline (every change date baked in), "
            "a page per country with its sources, the dataset download and a citation, in English and "
            f"Japanese, and a map-only page to embed. No server needed. Data from ${DATA_DIR_ENV} or data/."
        ),
    )
    publish.add_argument("out", type=Path, metavar="OUT", help="the folder to write (created if missing)")
    previews = commands.add_parser(
        "previews",
        help="write the nginx maps that give shared links a per-view title and description",
        description=(
            "Write OUT, an nginx file of `map` blocks (included by deploy/nginx/nginx.conf.template): a shared "
            "link's preview names its country and date. With invalid data it still writes the app's own "
            f"title and description, and says what to fix. Data from ${DATA_DIR_ENV} or data/."
        ),
    )
    previews.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a calendar date written YYYY-MM-DD, e.g. 2025-03-31"
        ) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits with 2 and a usage message on misuse
    if args.command == "validate":
        return validate(args.path, language_from(args.lang))
    if args.command == "export":
        return export(args.out, args.as_of or date.today(), args.lang, args.width, args.height)
    if args.command == "cohorts":
        return cohorts(args.as_of or date.today(), args.lang)
    if args.command == "publish":
        return publish(args.out, date.today())
    if args.command == "previews":
        return previews(args.out, date.today())
    return EXIT_USAGE


def validate(path: Path | None, lang: Language = "en") -> int:
    directory = data_directory() if path is None else (path.parent if path.is_file() else path)
    if not directory.is_dir():
        print(f"error: {path} is not a folder or a file in one.", file=sys.stderr)
        return EXIT_USAGE
    problems: list[Problem] = []
    try:
        dataset = load_dataset(directory.resolve())
        problems += dataset.warnings
    except DataError as error:
        dataset, problems = None, list(error.problems)
    else:
        # Editors choose the cohort colours; the tests that check the shipped palette never see theirs.
        from osa_map.data.colours import palette_problems

        problems += palette_problems(zip(dataset.cohorts["key"], dataset.cohorts["colour"], strict=True))
    # budget.csv is optional (the Programme page says so when it is absent), but checked when there.
    if (directory / BUDGET_FILE).is_file():
        try:
            load_budget(directory.resolve())
        except DataError as error:
            problems += error.problems
    _print_problems(problems, lang=lang)
    errors = sum(p.severity == "error" for p in problems)
    if dataset is None or errors:
        print(f"\n{directory}: {errors} error(s). Fix them and run this again.")
        return EXIT_INVALID
    print(
        f"{directory}: valid ({len(dataset.ledger)} ledger rows, {len(dataset.packages)} packages, "
        f"{len(dataset.cohorts)} cohorts, {len(problems)} warning(s))."
    )
    return EXIT_OK


def export(out: Path, as_of: date, lang: str, width: int, height: int) -> int:
    # Imported here so `validate` stays quick: drawing needs matplotlib and the boundaries.
    from osa_map.data.boundaries import load_boundaries
    from osa_map.render.export import export_bytes, format_from_path
    from osa_map.render.formats import MAX_SIDE, MEDIA_TYPES, MIN_SIDE
    from osa_map.render.webmap import map_geometry

    export_format = format_from_path(out)
    if export_format is None:
        print(
            f"error: cannot tell what to write from {out.name!r}: end it in .{', .'.join(MEDIA_TYPES)}.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        print(f"error: --width and --height must be between {MIN_SIDE} and {MAX_SIDE} pixels.", file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist.", file=sys.stderr)
        return EXIT_USAGE
    if lang == "ja" and export_format in ("csv", "xlsx"):
        print("note: the tables are exported in English; the images and the HTML map follow --lang.", file=sys.stderr)
    dataset = _dataset_or_report("export again")
    if dataset is None:
        return EXIT_INVALID
    started = time.perf_counter()
    countries = map_geometry(load_boundaries())
    snapshot = build_snapshot(dataset, View(as_of=as_of, lang=language_from(lang)), as_of, names_of(countries), {})
    data = export_bytes(snapshot, export_format, width, height, countries)
    try:
        out.write_bytes(data)
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    seconds = time.perf_counter() - started
    print(f"wrote {out} ({len(data) / 1024:,.0f} KB, as known on {as_of.isoformat()}) in {seconds:.1f} s")
    return EXIT_OK


def cohorts(as_of: date, lang: Language) -> int:
    """Each recipient as known on `as_of` as CSV on stdout; problems (as `validate` prints them) on failure."""
    dataset = _dataset_or_report("", file=sys.stderr)  # stdout is the CSV
    if dataset is None:
        return EXIT_INVALID
    snapshot = build_snapshot(dataset, View(as_of=as_of, lang=lang), as_of, {}, {})
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["iso3", "country", "cohort"])
    for recipient in sorted(snapshot.recipients, key=lambda recipient: recipient.iso3):
        writer.writerow([recipient.iso3, recipient.name, recipient.cohort])
    return EXIT_OK


def publish(out: Path, today: date) -> int:
    """The static edition in `out`; problems (as `validate` prints them) if the data is invalid."""
    from osa_map.data.boundaries import load_boundaries
    from osa_map.render.static_site import publish_site
    from osa_map.render.webmap import map_geometry

    if out.exists() and not out.is_dir():
        print(f"error: {out} is a file; name a folder.", file=sys.stderr)
        return EXIT_USAGE
    dataset = _dataset_or_report("publish again")
    if dataset is None:
        return EXIT_INVALID
    started = time.perf_counter()
    try:
        written = publish_site(dataset, map_geometry(load_boundaries()), out, today)
    except OSError as error:
        print(f"error: cannot write into {out}: {error.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    size = sum(path.stat().st_size for path in written)
    seconds = time.perf_counter() - started
    print(
        f"wrote {len(written)} files ({size / 1024:,.0f} KB) into {out} in {seconds:.1f} s; open {out / 'index.html'}"
    )
    return EXIT_OK


def previews(out: Path, today: date) -> int:
    """The link previews' nginx maps in `out` (osa_map.render.previews), from today's data."""
    from osa_map.render.previews import nginx_preview_maps

    dataset = _dataset_or_report("write the previews again", file=sys.stderr)
    snapshots = {}
    if dataset is not None:
        snapshots = {lang: build_snapshot(dataset, View(lang=lang), today, {}, {}) for lang in LANGUAGES}
    try:
        atomic_write_bytes(out, nginx_preview_maps(snapshots).encode("utf-8"))
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK if dataset is not None else EXIT_INVALID


def names_of(countries) -> dict[str, str]:
    """ISO3 -> Natural Earth's English name of every country in a map_geometry() frame."""
    return dict(zip(countries["iso3"], countries["name"], strict=True))


def _dataset_or_report(then: str, file: TextIO | None = None) -> Dataset | None:
    """The data folder's dataset; or None after printing its problems as `validate` does."""
    try:
        return load_dataset()
    except DataError as error:
        _print_problems(error.problems, file=file)
        errors = sum(p.severity == "error" for p in error.problems)
        advice = f" and {then}" if then else ""
        print(
            f"\n{error.directory}: {errors} error(s). Fix them (see `python -m osa_map validate`){advice}.",
            file=file or sys.stdout,
        )
        return None


def _print_problems(problems: list[Problem], file: TextIO | None = None, lang: Language = "en") -> None:
    """Errors first, then warnings; each as file, row, column and what to do, in `lang`."""
    for problem in sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0)):
        line = str(problem) if lang == "en" else problem.describe(lang)
        print(f"{problem.severity}: {line}", file=file or sys.stdout)
