"""Tests for screener.lists: the family interface that dispatches a file to its format's parser."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from screener.errors import ConfigError, ListError
from screener.lists import LoadedList, formats, load_watchlist, load_watchlists

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def test_a_yaml_file_is_read_as_a_curated_list() -> None:
    loaded = load_watchlist(FIXTURES / "good.yaml")
    assert isinstance(loaded, LoadedList)
    assert loaded.list_id == loaded.info.list_id == "test-curated"
    assert loaded.name == "Test curated list"
    assert loaded.info.sha256 == hashlib.sha256((FIXTURES / "good.yaml").read_bytes()).hexdigest()


def test_yml_extension_and_forced_format_are_accepted(tmp_path: Path) -> None:
    copy = tmp_path / "list.yml"
    shutil.copy(FIXTURES / "good.yaml", copy)
    assert load_watchlist(copy).list_id == "test-curated"
    renamed = tmp_path / "list.data"
    shutil.copy(FIXTURES / "good.yaml", renamed)
    assert load_watchlist(renamed, list_format="curated").list_id == "test-curated"


def test_every_format_has_a_name_and_a_description() -> None:
    known = formats()
    assert "curated" in {f.name for f in known}
    assert all(f.description for f in known)


def test_an_unrecognised_file_is_a_config_error() -> None:
    path = FIXTURES / "unknown-format.txt"
    with pytest.raises(ConfigError) as caught:
        load_watchlist(path)
    assert caught.value.file == str(path)
    assert caught.value.hint and "curated" in caught.value.hint


def test_an_unknown_forced_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        load_watchlist(FIXTURES / "good.yaml", list_format="ofac-xml")
    assert "ofac-xml" in caught.value.message


def test_a_missing_file_is_a_list_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(ListError) as caught:
        load_watchlist(path)
    assert caught.value.exit_code == 5
    assert caught.value.file == str(path)


def test_a_directory_is_a_list_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ListError):
        load_watchlist(folder)


def test_two_lists_with_one_id_are_a_config_error(tmp_path: Path) -> None:
    copy = tmp_path / "again.yaml"
    shutil.copy(FIXTURES / "good.yaml", copy)
    with pytest.raises(ConfigError) as caught:
        load_watchlists([FIXTURES / "good.yaml", copy])
    assert caught.value.file == str(copy)
    assert caught.value.field == "id"
    assert len(load_watchlists([FIXTURES / "good.yaml"])) == 1


def test_read_list_text_decodes_utf8_then_windows_1252_and_refuses_binary(tmp_path: Path) -> None:
    from screener.lists import read_list_text

    utf8 = tmp_path / "a.csv"
    utf8.write_bytes("\ufeffÖZTÜRK Ltd".encode())
    assert read_list_text(utf8) == "ÖZTÜRK Ltd"
    legacy = tmp_path / "b.csv"
    legacy.write_bytes("ÖZTÜRK Ltd – x".encode("cp1252"))
    assert read_list_text(legacy) == "ÖZTÜRK Ltd – x"
    binary = tmp_path / "c.csv"
    binary.write_bytes(b"P\x00K\x00")
    with pytest.raises(ListError, match="NUL"):
        read_list_text(binary)
    with pytest.raises(ListError, match="cannot read the X file") as caught:
        read_list_text(tmp_path / "missing.csv", "the X file")
    assert caught.value.exit_code == 5
