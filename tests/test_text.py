"""Tests for the Vietnamese text layer: NFC, legacy encodings, folding, numbers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.text import (
    decode_legacy,
    detect_legacy,
    encode_legacy,
    find_numbers,
    fold,
    is_capital_legacy_font,
    nfc,
    normalize_text,
    parse_number,
)

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "thanh-tra-ha-nam-2020.txt"

# --- NFC and fold ---------------------------------------------------------------------------


def test_nfc_composes_decomposed_text():
    assert nfc(unicodedata.normalize("NFD", "Việt Nam")) == "Việt Nam"
    assert nfc("Việt Nam") == "Việt Nam"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo  cáo\n kết QUẢ ", "bao cao ket qua"),
        ("ĐỘC LẬP", "doc lap"),
        ("Sở Thông tin và Truyền thông", "so thong tin va truyen thong"),
        (unicodedata.normalize("NFD", "Người phát ngôn"), "nguoi phat ngon"),
        ("tin\u00a0bài", "tin bai"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


# --- TCVN3 ------------------------------------------------------------------------------------

REAL_TCVN3 = [
    ("B¸o c¸o", "Báo cáo"),
    ("KÕt qu¶", "Kết quả"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("ng\u00adêi ph¸t ng«n", "người phát ngôn"),
]


@pytest.mark.parametrize(("legacy", "unicode"), REAL_TCVN3)
def test_tcvn3_real_strings(legacy, unicode):
    assert decode_legacy(legacy, "tcvn3") == unicode
    assert detect_legacy(legacy) == "tcvn3"
    assert normalize_text(legacy) == unicode
    assert encode_legacy(unicode, "tcvn3") == legacy


def test_tcvn3_capital_font():
    assert decode_legacy("b¸o c¸o", "tcvn3", capitals=True) == "BÁO CÁO"
    assert normalize_text("b¸o c¸o", fonts=[".VnTimeH"]) == "BÁO CÁO"
    assert is_capital_legacy_font(".VnTimeH")
    assert not is_capital_legacy_font(".VnTime")


# --- VNI --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [("Vieät Nam", "Việt Nam"), ("Thoâng tin", "Thông tin"), ("baùo caùo", "báo cáo")],
)
def test_vni_real_strings(legacy, unicode):
    assert decode_legacy(legacy, "vni") == unicode
    assert encode_legacy(unicode, "vni") == legacy
    assert detect_legacy(legacy) == "vni"


# --- Not legacy -------------------------------------------------------------------------------


def test_seed_report_is_not_legacy():
    text = SEED.read_text(encoding="utf-8")
    assert detect_legacy(text) is None
    for line in text.splitlines():
        assert detect_legacy(line) is None, line
        assert normalize_text(line) == nfc(line)


# --- Numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("tổ chức 01 cuộc họp báo", 1, None),
        ("đăng 1.126 tin, bài", 1126, None),
        ("12.345.678 lượt", 12345678, None),
        ("đạt 17,8%", 17.8, None),
        ("trên 22 tin bài/tháng", 22, "trên"),
        ("gan 18 tin", 18, "gần"),
        ("hai mươi mốt cuộc", 21, None),
        ("mười lăm bài", 15, None),
        ("một trăm linh năm tin", 105, None),
        ("năm cuộc họp báo", 5, None),
    ],
)
def test_parse_number(text, value, qualifier):
    n = parse_number(text)
    assert n is not None
    assert n.value == value
    assert n.qualifier == qualifier
    assert text[n.start : n.end] == n.text


@pytest.mark.parametrize("text", ["năm 2020", "trong năm", "hằng năm", "năm nay"])
def test_nam_as_year_is_not_five(text):
    assert all(n.value != 5 for n in find_numbers(text))
