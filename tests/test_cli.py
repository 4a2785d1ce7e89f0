"""The command line: exit codes, stdout and stderr apart, on the bundled example and bad input."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screener.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "invoices.csv"


def run(args: list[str], capsys: pytest.CaptureFixture[str],
        stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
        ) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def example_rows() -> int:
    with EXAMPLE.open(encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_check_example_table_exits_1_on_high_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(EXAMPLE), "--no-progress"], capsys)
    assert code == 1
    assert "INV-2024-0004" in out  # the Poly Technologies row is in the report
    assert "critical" in out
    assert "\x1b[" not in out  # plain text when not a terminal
    # the summary goes to stderr, not into the report
    assert "rows" in err.lower()
    assert "Traceback" not in err


def test_check_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(EXAMPLE), "-f", "json"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["schema_version"]
    assert doc["tool"]["name"] == "screener"
    assert doc["summary"]["rows_in"] == example_rows()
    assert doc["summary"]["rows_in"] == doc["summary"]["screened"] + doc["summary"]["skipped"]
    assert len(doc["rows"]) + len(doc["skipped"]) == example_rows()
    assert {entry["list_id"] for entry in doc["lists"]} >= {"curated", "chpl"}
    assert all(len(entry["sha256"]) == 64 for entry in doc["lists"])
    assert doc["rules"]
    by_ref = {row["reference"]: row for row in doc["rows"]}
    poly = by_ref["INV-2024-0004"]
    assert poly["band"] == "critical"
    assert any(hit["role"] == "seller" for hit in poly["party_hits"])
    clean = by_ref["INV-2024-0001"]  # bearings from Germany to France
    assert clean["band"] == "clear"


def test_fail_on_never_and_critical(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["check", str(EXAMPLE), "--fail-on", "never", "-f", "json"], capsys)
    assert code == 0


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "clean.csv"
    src.write_text("Seller,Buyer,Buyer Country,HS Code,Description\n"
                   "Valencia Citrus Export SL,London Fresh Produce Ltd,GB,080510,Fresh oranges\n",
                   encoding="utf-8")
    code, out, _ = run(["check", str(src), "-f", "json"], capsys)
    assert code == 0
    assert json.loads(out)["rows"][0]["band"] == "clear"


def test_stdin_ndjson(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = EXAMPLE.read_text(encoding="utf-8")
    code, out, _ = run(["check", "-", "-f", "ndjson"], capsys, stdin=data, monkeypatch=monkeypatch)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["type"] == "header"
    assert sum(1 for line in lines if line["type"] == "row") == example_rows()


def test_output_file_written_and_input_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    shutil.copy(EXAMPLE, src)
    before = src.read_bytes()
    code, out, err = run(["check", str(src), "-o", str(src), "-f", "csv"], capsys)
    assert code == 2
    assert src.read_bytes() == before
    assert "input" in err and len(err.strip().splitlines()) == 1

    target = tmp_path / "report.csv"
    code, out, _ = run(["check", str(src), "-o", str(target), "-f", "csv"], capsys)
    assert code == 1
    assert out == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == example_rows()
    assert {"screener_score", "screener_band"} <= set(rows[0])
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "expected_code", "needle"),
    [
        (["check", "no-such-file.csv"], 3, "no-such-file.csv"),
        (["check", str(EXAMPLE), "--map", "buyer.name=No Such Column"], 2, "No Such Column"),
        (["check", str(EXAMPLE), "--map", "nonsense"], 2, "FIELD=COLUMN"),
        (["check", str(EXAMPLE), "--fail-on", "purple"], 2, "purple"),
        (["frobnicate"], 2, "frobnicate"),
    ],
)
def test_usage_and_input_errors(args: list[str], expected_code: int, needle: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(args, capsys)
    assert code == expected_code
    assert out == ""
    assert needle in err
    assert "Traceback" not in err


def test_empty_file_is_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = run(["check", str(empty)], capsys)
    assert code == 3
    assert out == ""
    assert "empty.csv" in err and len(err.strip().splitlines()) == 1


def test_no_recognisable_column_lists_headers(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "weird.csv"
    src.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    code, _, err = run(["check", str(src)], capsys)
    assert code == 3
    assert "Foo" in err and "Bar" in err and "--map" in err


def test_malformed_hs_code_names_file_row_field(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("Seller,Buyer,HS Code\nA Ltd,B LLC,854231\nC Ltd,D LLC,85A2\n", encoding="utf-8")
    code, out, err = run(["check", str(src)], capsys)
    assert code == 3
    assert "bad.csv" in err and "row 3" in err and "HS Code" in err
    # with --skip-bad-rows the row is reported as skipped, never dropped
    code, out, err = run(["check", str(src), "--skip-bad-rows", "-f", "json"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert doc["summary"] == {**doc["summary"], "rows_in": 2, "screened": 1, "skipped": 1}
    assert doc["skipped"][0]["row"] == 3


def test_invalid_rules_file_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: Not Kebab\n    message: x\n", encoding="utf-8")
    code, _, err = run(["check", str(EXAMPLE), "--rules", str(bad)], capsys)
    assert code == 4
    assert "bad.yaml" in err


def test_invalid_watchlist_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "list.yaml"
    bad.write_text("id: mine\nentries:\n  - aliases: [x]\n", encoding="utf-8")
    code, _, err = run(["check", str(EXAMPLE), "--watchlist", str(bad)], capsys)
    assert code == 4
    assert "list.yaml" in err


def test_user_watchlist_adds_a_hit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "id: mine\nname: My blocked customers\nversion: '2024-05-01'\nsources: [internal review]\n"
        "entries:\n  - id: toyland\n    name: Toyland Distribution LLC\n    type: organization\n"
        "    countries: [US]\n    category: press\n    sources: [internal review 2024-04]\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check", str(EXAMPLE), "-f", "json", "--watchlist", str(mine),
                        "--fail-on", "never"], capsys)
    assert code == 0
    row = next(r for r in json.loads(out)["rows"] if r["reference"] == "INV-2024-0014")
    assert any(h["list_id"] == "mine" for h in row["party_hits"])


def test_columns_command_shows_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["columns", str(EXAMPLE), "-f", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["fields"]["seller.name"] == ["Seller"]
    assert doc["fields"]["goods.hs_code"] == ["HS Code"]


def test_rules_validate_and_test_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "validate"], capsys)
    assert code == 0 and "ok" in out
    code, out, _ = run(["rules", "test"], capsys)
    assert code == 0


def _installed_script() -> str | None:
    candidate = Path(sys.executable).parent / "screener"
    return str(candidate) if candidate.exists() else shutil.which("screener")


def test_installed_console_script_runs_from_another_directory(tmp_path: Path) -> None:
    script = _installed_script()
    if script is None:
        pytest.skip("screener is not installed as a console script in this environment")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([script, "check", str(EXAMPLE), "-f", "json"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["rows_in"] == example_rows()


def test_python_dash_m(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH"))
                                        if p)
    done = subprocess.run([sys.executable, "-m", "screener", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0
    assert "screener" in done.stdout


def test_version_is_the_one_pyproject_builds() -> None:
    # pyproject.toml takes its version from screener/__init__.py, which `--version` reports.
    import tomllib

    import screener

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/screener/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", screener.__version__)
    try:  # installed (as CI installs it): the build took the same version
        installed = importlib.metadata.version("screener")
    except importlib.metadata.PackageNotFoundError:
        return
    assert installed == screener.__version__


# --- official lists: import, status, screening against them, age and absence -----------------

UN_FIXTURE = REPO / "tests" / "fixtures" / "lists" / "un" / "consolidated.xml"


def _entity_names() -> list[str]:
    import xml.etree.ElementTree as ET

    root = ET.parse(UN_FIXTURE).getroot()
    return [e.findtext("FIRST_NAME") or "" for e in root.iter("ENTITY")]


def test_lists_import_status_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "store"
    before = UN_FIXTURE.read_bytes()
    code, out, err = run(["lists", "import", "un-sc", str(UN_FIXTURE), "--data-dir", str(data)],
                         capsys)
    assert code == 0, err
    assert "un-sc" in out and "imported" in out
    assert UN_FIXTURE.read_bytes() == before  # the user's file is copied, never changed

    code, out, _ = run(["lists", "status", "-f", "json", "--data-dir", str(data)], capsys)
    status = json.loads(out)
    assert code == 0
    (un,) = status["lists"]
    assert un["list_id"] == "un-sc" and un["entries"] > 0 and len(un["sha256"]) == 64
    assert un["published"] == "2026-01-15"
    assert "ofac-sdn" in {m["source"] for m in status["not_imported"]}

    name = _entity_names()[0]
    src = tmp_path / "in.csv"
    src.write_text(f"Seller,Buyer\nAcme GmbH,{name}\n", encoding="utf-8")
    code, out, _ = run(["check", str(src), "-f", "json", "--data-dir", str(data),
                        "--fail-on", "never"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert {"curated", "un-sc"} <= {entry["list_id"] for entry in doc["lists"]}
    un_info = next(entry for entry in doc["lists"] if entry["list_id"] == "un-sc")
    assert un_info["sha256"] == un["sha256"] and un_info["date"] == "2026-01-15"
    hit = next(h for h in doc["rows"][0]["party_hits"] if h["list_id"] == "un-sc")
    assert hit["category"] == "sanctions" and hit["programs"] and hit["entry_id"]

    # --lists chooses: only the UN list, the curated list is left out
    code, out, _ = run(["check", str(src), "-f", "json", "--data-dir", str(data),
                        "--lists", "un-sc", "--fail-on", "never"], capsys)
    assert [entry["list_id"] for entry in json.loads(out)["lists"]
            if entry["kind"] == "entities"] == ["un-sc"]


def test_stale_or_missing_list_is_exit_5(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "store"
    run(["lists", "import", "un-sc", str(UN_FIXTURE), "--data-dir", str(data)], capsys)
    code, out, err = run(["check", str(EXAMPLE), "--data-dir", str(data), "--max-list-age", "1"],
                         capsys)
    assert code == 5 and out == ""
    assert "un-sc" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(["check", str(EXAMPLE), "--data-dir", str(data), "--lists",
                          "curated,ofac-sdn"], capsys)
    assert code == 5 and out == ""
    assert "ofac-sdn" in err and "screener lists" in err


def test_lists_import_wrong_file_is_an_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["lists", "import", "un-sc", str(EXAMPLE), "--data-dir",
                          str(tmp_path / "store")], capsys)
    assert code in (2, 5)
    assert "Traceback" not in err and err.strip()
    code, _, err = run(["lists", "import", "no-such-source", str(EXAMPLE)], capsys)
    assert code == 2 and "known sources" in err


def test_lists_update_offline_without_cache_fails_per_list_and_keeps_copies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "store"
    run(["lists", "import", "un-sc", str(UN_FIXTURE), "--data-dir", str(data)], capsys)
    code, out, err = run(["lists", "update", "un-sc", "bis-dpl", "--offline", "--data-dir",
                          str(data)], capsys)
    assert code == 5
    lines = out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["un-sc", "bis-dpl"]
    assert "kept the copy of 2026-01-15 in use" in lines[0]
    assert "2 of 2 lists not updated" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(["lists", "status", "-f", "json", "--data-dir", str(data)], capsys)
    assert [entry["list_id"] for entry in json.loads(out)["lists"]] == ["un-sc"]


def test_a_terminated_run_leaves_no_partial_report(tmp_path: Path) -> None:
    import signal
    import time

    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.csv"
    big.write_text("\n".join([lines[0], *(lines[1:] * 2000)]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH"))
                                        if p)
    run = subprocess.Popen(
        [sys.executable, "-m", "screener", "check", str(big), "-f", "csv", "-o", str(out),
         "--no-progress", "--data-dir", str(tmp_path / "data")],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.csv.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.csv.*.tmp")), "the report was never started"
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=60) == 128 + signal.SIGTERM
    assert not list(tmp_path.glob(".out.csv.*")) and not out.exists()
