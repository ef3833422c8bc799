"""Command line: `python -m osa_map validate [PATH]`.

Exit codes: 0 the data is valid (warnings allowed), 1 it has errors, 2 the command was misused.
Editors see one line per problem (file, row, column, what to do); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from osa_map.data import DATA_DIR_ENV, DataError, Problem, data_directory, load_dataset

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m osa_map", description="Tools for the OSA map's data files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check the data files and list every problem",
        description=f"Check cohorts.csv, recipients.csv and packages.csv in PATH (default: ${DATA_DIR_ENV} or data/).",
    )
    validate.add_argument("path", nargs="?", type=Path, help="the data folder, or one of its CSV files")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits with 2 and a usage message on misuse
    if args.command == "validate":
        return validate(args.path)
    return EXIT_USAGE


def validate(path: Path | None) -> int:
    directory = data_directory() if path is None else (path.parent if path.is_file() else path)
    if not directory.is_dir():
        print(f"error: {path} is not a folder or a file in one.", file=sys.stderr)
        return EXIT_USAGE
    try:
        dataset = load_dataset(directory.resolve())
    except DataError as error:
        _print_problems(error.problems)
        errors = sum(p.severity == "error" for p in error.problems)
        print(f"\n{directory}: {errors} error(s). Fix them and run this again.")
        return EXIT_INVALID
    _print_problems(list(dataset.warnings))
    print(
        f"{directory}: valid ({len(dataset.ledger)} ledger rows, {len(dataset.packages)} packages, "
        f"{len(dataset.cohorts)} cohorts, {len(dataset.warnings)} warning(s))."
    )
    return EXIT_OK


def _print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0)):
        print(f"{problem.severity}: {problem}")
