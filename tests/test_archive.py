"""ZIP archives of received reports: members read one at a time, safely, with their own errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES

from ingest import archive
from ingest.errors import CorruptFile, EncryptedFile, TooLarge
from ingest.readers import Limits

REPORT = next((SAMPLES / "reports").rglob("*.docx"))


def _zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def test_members_in_order_without_folder_junk():
    data = _zip(
        [
            ("2020/bao-cao-so-y-te.docx", REPORT.read_bytes()),
            ("__MACOSX/2020/._bao-cao-so-y-te.docx", b"\0\5\26\7"),
            ("Thumbs.db", b"junk"),
            ("~$bao-cao.docx", b"lock file"),
            ("Báo cáo Sở Tư pháp.pdf", b"%PDF-1.4 ..."),  # zipfile flags this UTF-8 name
        ]
    )
    assert archive.is_archive(data)
    got = list(archive.members("tong-hop.zip", data))
    assert [(m.name, m.data is not None, m.error) for m in got] == [
        ("2020/bao-cao-so-y-te.docx", True, None),
        ("Báo cáo Sở Tư pháp.pdf", True, None),
    ]
    assert got[0].data == REPORT.read_bytes()


def test_names_without_the_utf8_flag_are_read_as_utf8_or_windows_vietnamese():
    # Windows-1258 writes most marks as combining characters: "vị" is "vi" + U+0323.
    raw = {
        "Báo cáo Thanh tra.docx": "Báo cáo Thanh tra.docx".encode(),
        "Báo cáo Đơn vị.docx": "Ba\u0301o ca\u0301o \u0110\u01a1n vi\u0323.docx".encode("cp1258"),
    }
    placeholders = {name: bytes([65 + i]) * len(b) for i, (name, b) in enumerate(raw.items())}
    data = _zip([(p.decode(), b"x") for p in placeholders.values()])
    for name, placeholder in placeholders.items():  # the bytes an archiver without the flag writes
        data = data.replace(placeholder, raw[name])
    assert [m.name for m in archive.members("ds.zip", data)] == list(raw)


def test_document_packages_are_not_archives():
    assert not archive.is_archive(REPORT.read_bytes())  # a DOCX is a ZIP too
    odt = _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"")])
    assert not archive.is_archive(odt)
    assert not archive.is_archive(b"%PDF-1.7")
    assert not archive.is_archive(b"PK\x03\x04 not really a zip")


def _mark_encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag of the first member in its local and central headers."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        out[at] |= 0x1
    return bytes(out)


def test_a_bad_member_is_reported_alone():
    limits = Limits(max_file_bytes=1000)
    entries = [("mat-khau.docx", b"x"), ("lon.pdf", b"%PDF" + b"0" * 5000)]
    data = _mark_encrypted(_zip([*entries, ("nho.pdf", b"%PDF-1.4")]))
    got = {m.name: m for m in archive.members("a.zip", data, limits)}
    assert isinstance(got["mat-khau.docx"].error, EncryptedFile)
    assert isinstance(got["lon.pdf"].error, TooLarge)
    assert got["nho.pdf"].data == b"%PDF-1.4"


def test_archive_limits_refuse_it_whole():
    many = _zip([(f"{i}.pdf", b"%PDF") for i in range(archive.MAX_MEMBERS + 1)])
    with pytest.raises(TooLarge) as e:
        next(archive.members("nhieu.zip", many))
    assert "vượt giới hạn" in e.value.user_message
    big = _zip([("a.pdf", b"0" * 3000), ("b.pdf", b"0" * 3000)])
    with pytest.raises(TooLarge):
        next(archive.members("to.zip", big, Limits(max_unzipped_bytes=5000)))
    with pytest.raises(CorruptFile):
        next(archive.members("hong.zip", b"PK\x03\x04" + b"\0" * 40))


def test_a_member_whose_header_lies_about_its_size_is_not_read_past_it():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bom.pdf", b"0" * 200_000)
    data = buf.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("bom.pdf")
    # Rewrite the declared size (central directory and local header) from 200,000 to 10 bytes.
    declared = info.file_size.to_bytes(4, "little")
    data = data.replace(declared, (10).to_bytes(4, "little"))
    [member] = archive.members("bom.zip", data, Limits(max_file_bytes=50_000))
    assert member.data is None and isinstance(member.error, CorruptFile)
    assert "CRC" in member.error.detail


def test_unpack_opens_archives_in_place_and_keeps_other_inputs(tmp_path):
    plain = tmp_path / "plain.docx"
    plain.write_bytes(REPORT.read_bytes())
    zipped = tmp_path / "nhan-qua-thu.zip"
    zipped.write_bytes(
        _mark_encrypted(
            _zip(
                [
                    ("khoa.docx", b"y"),
                    ("Thư mục/a.docx", REPORT.read_bytes()),
                    ("../../thoat.txt", b"x"),
                ]
            )
        )
    )
    broken = tmp_path / "hong.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    out = tmp_path / "out"
    out.mkdir()

    got = archive.unpack([plain, zipped, broken], out)

    assert [u.shown for u in got] == [
        str(plain),
        f"{zipped}/khoa.docx",
        f"{zipped}/Thư mục/a.docx",
        f"{zipped}/../../thoat.txt",
        str(broken),
    ]
    assert got[0].path == str(plain)
    assert isinstance(got[1].error, EncryptedFile) and got[1].path is None
    assert Path(got[2].path).read_bytes() == REPORT.read_bytes()
    # A member's own path never decides where it is written.
    assert Path(got[3].path).parent == out and Path(got[3].path).read_bytes() == b"x"
    # Not a readable ZIP: handed to the readers, which say what is wrong with it.
    assert got[4].path == str(broken) and got[4].error is None
    assert sorted(p.name for p in out.iterdir()) == ["00002-a.docx", "00003-thoat.txt"]


def test_unpack_refuses_an_archive_over_the_limits_as_one_entry(tmp_path):
    zipped = tmp_path / "lon.zip"
    zipped.write_bytes(_zip([(f"{i}.docx", b"x") for i in range(archive.MAX_MEMBERS + 1)]))
    got = archive.unpack([zipped], tmp_path)
    assert len(got) == 1 and isinstance(got[0].error, TooLarge) and got[0].path is None
