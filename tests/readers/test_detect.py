"""Tests for screener.readers.detect: encoding and format detection from a sample."""

from __future__ import annotations

import pytest

from screener.errors import InputDataError
from screener.readers.detect import (
    Source,
    check_format,
    detect_encoding,
    plausibility,
    sniff_text_format,
)


def source(data: bytes) -> Source:
    return Source("sample.csv", None, data)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Покупатель;Страна;Код ТН ВЭД\nООО Ромашка;Россия;8542310000\n", "cp1251"),
        ("Продавец,ИНН\nАО Сириус,7701234567\n", "cp1251"),
        ("name,country\nЛуч,РФ\n", "cp1251"),
        ('buyer,country\nООО "ТЕХНОПРОМ",РОССИЯ\n', "cp1251"),
        ("买方,国家,海关编码\n深圳市某某电子有限公司,中国,85423100\n", "gb18030"),
        ("卖方,收货人\n华为,俄罗斯\n", "gb18030"),
        ("品名\n集成电路\n", "gb18030"),
        ("买方\n深圳\n", "gb18030"),
        ("Buyer;City\nCafé Müller GmbH;München\n", "cp1252"),
        ("EXPORTER,CITY\nCOMERCIALIZADORA ÑANDÚ,BOGOTÁ\n", "cp1252"),
    ],
)
def test_legacy_encodings_of_short_samples(text: str, encoding: str) -> None:
    label, codec = detect_encoding(source(text.encode(encoding)), None)
    assert (label, codec) == (encoding, encoding)


def test_russian_written_in_gb18030_stays_gb18030() -> None:
    # GB2312 has Cyrillic letters: a Chinese system's Russian text decodes as real words.
    data = "Покупатель;Страна\nООО Ромашка;Россия\n".encode("gb18030")
    assert detect_encoding(source(data), None)[0] == "gb18030"


def test_plausibility_prefers_the_right_script() -> None:
    data = "Микросхемы интегральные".encode("cp1251")
    assert plausibility(data.decode("cp1251"), "cp1251") > 0.9
    assert plausibility(data.decode("gb18030", errors="replace"), "gb18030") < 0.7


def test_utf8_and_boms() -> None:
    assert detect_encoding(source("Покупатель\n".encode()), None) == ("utf-8", "utf-8")
    assert detect_encoding(source(b"\xef\xbb\xbfa,b\n"), None) == ("utf-8-sig", "utf-8-sig")
    assert detect_encoding(source(b"\xff\xfea\x00"), None) == ("utf-16-le", "utf-16")
    assert detect_encoding(source(b"\xfe\xff\x00a"), None) == ("utf-16-be", "utf-16")


def test_utf16_big_endian_without_bom() -> None:
    data = "Buyer,HS Code\nExample,8542\n".encode("utf-16-be")
    assert detect_encoding(source(data), None) == ("utf-16-be", "utf-16-be")


def test_a_utf8_character_cut_by_the_sample_end_still_counts_as_utf8() -> None:
    data = ("a" * 65535 + "Ж").encode("utf-8")[: 64 * 1024]
    assert detect_encoding(source(data), None)[0] == "utf-8"


def test_nul_bytes_without_the_utf16_pattern_are_binary() -> None:
    with pytest.raises(InputDataError) as caught:
        detect_encoding(source(b"\x00\x00\x07\x00\x00\x00\xff\x13abc\x00"), None)
    assert "binary" in caught.value.message


def test_sniff_text_format() -> None:
    assert sniff_text_format('\ufeff [{"a": 1}]') == "json"
    assert sniff_text_format('{"a": 1}\n{"a": 2}\n') == "ndjson"
    assert sniff_text_format('{\n  "rows": [{"a": 1}]\n}') == "json"
    assert sniff_text_format("a,b\n1,2\n") == "csv"


def test_check_format_accepts_aliases() -> None:
    assert check_format("JSONL") == "ndjson"
    assert check_format(".xlsm") == "xlsx"
    assert check_format(None) is None
