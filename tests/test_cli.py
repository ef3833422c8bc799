"""`python -m osa_map validate`: exit 0 valid, 1 invalid, 2 misuse; never a traceback."""

import subprocess
import sys
from pathlib import Path

from tests.helpers import LEDGER, write_dataset

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env_data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_data_dir is not None:
        env["OSA_DATA_DIR"] = str(env_data_dir)
    return subprocess.run(
        [sys.executable, "-m", "osa_map", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_valid_folder_exits_0(tmp_path):
    result = run_cli("validate", str(write_dataset(tmp_path / "data")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_a_csv_file_path_validates_its_folder(tmp_path):
    directory = write_dataset(tmp_path / "data")
    assert run_cli("validate", str(directory / "recipients.csv")).returncode == 0


def test_shipped_data_is_valid():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr


def test_invalid_data_exits_1_with_file_row_column(tmp_path):
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    result = run_cli("validate", str(write_dataset(tmp_path / "data", ledger=ledger)))
    assert result.returncode == 1
    assert "error: recipients.csv, row 2, column as_of:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_osa_data_dir_is_honoured(tmp_path):
    ledger = [dict(LEDGER[0], iso3="ZZZ"), *LEDGER[1:]]
    result = run_cli("validate", env_data_dir=write_dataset(tmp_path / "data", ledger=ledger))
    assert result.returncode == 1
    assert "column iso3" in result.stdout


def test_usage_errors_exit_2():
    assert run_cli().returncode == 2
    assert run_cli("frobnicate").returncode == 2
    result = run_cli("validate", "/no/such/folder")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_checks_budget_csv_when_present(tmp_path):
    directory = write_dataset(tmp_path / "data")
    (directory / "budget.csv").write_text("fiscal_year,amount_jpy\n2024,lots\n", encoding="utf-8")
    result = run_cli("validate", str(directory))
    assert result.returncode == 1
    assert "budget.csv" in result.stdout
