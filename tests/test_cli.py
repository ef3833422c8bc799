"""`python -m osa_map validate`: exit 0 valid, 1 invalid, 2 misuse; never a traceback.

The commands run in-process through `osa_map.cli.main` (exit code = its return value, or argparse's
SystemExit); one test per command runs the real `python -m osa_map` in a subprocess.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from osa_map.cli import main
from tests.helpers import LEDGER, write_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "OSA_DATA_DIR"
# What a fresh interpreter hides by default; anything else it would print on stderr.
_HIDDEN_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def run_cli(*args: str, env_data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter: for the one smoke test per command."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_data_dir is not None:
        env[DATA_DIR_ENV] = str(env_data_dir)
    return subprocess.run(
        [sys.executable, "-m", "osa_map", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def call_main(capsys, monkeypatch, *args: str, env_data_dir: Path | None = None) -> CliResult:
    """`python -m osa_map ARGS` in-process, seen as a subprocess would see it.

    OSA_DATA_DIR is set to `env_data_dir` or removed (as the subprocess's clean environment did);
    warnings and log records a fresh interpreter would print on stderr are added to stderr.
    """
    if env_data_dir is None:
        monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    else:
        monkeypatch.setenv(DATA_DIR_ENV, str(env_data_dir))
    capsys.readouterr()  # only what this command prints
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            for category in _HIDDEN_WARNINGS:
                warnings.filterwarnings("ignore", category=category)
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's own usage errors
                code = exit_.code
    finally:
        logging.getLogger().removeHandler(handler)
    out, err = capsys.readouterr()
    err += "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in caught)
    return CliResult(code, out, err + log.getvalue())


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args: str, env_data_dir: Path | None = None) -> CliResult:
        return call_main(capsys, monkeypatch, *args, env_data_dir=env_data_dir)

    return run


def test_valid_folder_exits_0(tmp_path, cli):
    result = cli("validate", str(write_dataset(tmp_path / "data")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_a_csv_file_path_validates_its_folder(tmp_path, cli):
    directory = write_dataset(tmp_path / "data")
    assert cli("validate", str(directory / "recipients.csv")).returncode == 0


def test_invalid_data_exits_1_with_file_row_column(tmp_path):
    """The smoke test of the real `python -m osa_map validate`."""
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    result = run_cli("validate", str(write_dataset(tmp_path / "data", ledger=ledger)))
    assert result.returncode == 1
    assert "error: recipients.csv, row 2, column as_of:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_osa_data_dir_is_honoured(tmp_path, cli):
    ledger = [dict(LEDGER[0], iso3="ZZZ"), *LEDGER[1:]]
    result = cli("validate", env_data_dir=write_dataset(tmp_path / "data", ledger=ledger))
    assert result.returncode == 1
    assert "column iso3" in result.stdout


def test_usage_errors_exit_2(cli):
    assert cli().returncode == 2
    assert cli("frobnicate").returncode == 2
    result = cli("validate", "/no/such/folder")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_checks_budget_csv_when_present(tmp_path, cli):
    directory = write_dataset(tmp_path / "data")
    (directory / "budget.csv").write_text("fiscal_year,amount_jpy\n2024,lots\n", encoding="utf-8")
    result = cli("validate", str(directory))
    assert result.returncode == 1
    assert "budget.csv" in result.stdout


def test_validate_speaks_the_editors_language(tmp_path, cli):
    ledger = [dict(LEDGER[0], status="chosen"), *LEDGER[1:]]
    directory = write_dataset(tmp_path / "data", ledger=ledger)
    japanese = cli("validate", str(directory), "--lang", "ja")
    assert japanese.returncode == 1
    assert "error: recipients.csv、2行目、列「status」: 「chosen」" in japanese.stdout
    english = cli("validate", str(directory))
    assert "error: recipients.csv, row 2, column status:" in english.stdout


def test_previews_writes_a_title_per_recipient_and_still_the_apps_own_on_bad_data(tmp_path, cli):
    out = tmp_path / "previews.conf"
    result = cli("previews", str(out), env_data_dir=write_dataset(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    iso3 = LEDGER[0]["iso3"]
    assert f'"en|{iso3}" "' in out.read_text() and f'"ja|{iso3}" "' in out.read_text()
    # Broken data: the problems are said, and links still preview with the app's own title.
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    result = cli("previews", str(out), env_data_dir=write_dataset(tmp_path / "broken", ledger=ledger))
    assert result.returncode == 1
    assert "recipients.csv, row 2, column as_of" in result.stderr
    assert '"~^en[|]" "OSA recipients on' in out.read_text() and f'"en|{iso3}"' not in out.read_text()
