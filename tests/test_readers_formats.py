"""The FORMATS table: the one definition of the accepted formats, and what derives from it."""

from __future__ import annotations

import pytest

from ingest import pipeline
from ingest.errors import UnsupportedFormat
from ingest.readers import detect_format, tool_status
from ingest.readers.formats import (
    ACCEPTED_SUFFIXES,
    BY_NAME,
    FORMATS,
    SUFFIXES,
    accepted_formats_vi,
    unsupported_message,
    upload_types,
)


def test_rows_are_well_formed():
    assert len(BY_NAME) == len(FORMATS)
    assert len(set(ACCEPTED_SUFFIXES)) == len(ACCEPTED_SUFFIXES)
    for fmt in FORMATS:
        # A format of pages (photos in a ZIP) has no suffix of its own: users send a .zip.
        assert fmt.suffixes or (fmt.pages in BY_NAME and fmt.container == "zip"), fmt.name
        assert all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)
        assert callable(fmt.load_reader())
        assert fmt.magic or fmt.container, fmt.name
        assert fmt.tool is None or fmt.tool in tool_status()


def test_accepted_names_derive_from_the_table():
    assert SUFFIXES == (
        ".docx",
        ".doc",
        ".odt",
        ".rtf",
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
    )
    assert frozenset(SUFFIXES) == pipeline.EXTENSIONS
    assert frozenset(SUFFIXES) | {".zip"} == pipeline.WALKED_SUFFIXES
    assert upload_types() == [s.lstrip(".") for s in SUFFIXES] + ["zip"]


def test_vietnamese_lists():
    cli = accepted_formats_vi(suffixes=True, archives=True)
    assert cli == ".docx, .doc, .odt, .rtf, .pdf, ảnh quét, .zip"
    assert accepted_formats_vi() == "DOCX, DOC, ODT, RTF, PDF hoặc ảnh quét"
    caption = accepted_formats_vi(archives=True)
    assert caption == "DOCX, DOC, ODT, RTF, PDF, ảnh quét hoặc tệp nén ZIP chứa các tệp đó"


def test_unsupported_message_is_the_error_default():
    # ingest.errors cannot import the readers (they import it): the default must stay equal.
    assert unsupported_message() == UnsupportedFormat.user_message


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x00junk from a scanner %PDF-1.4\n", "pdf"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1\\ansi hello}", "rtf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image"),
        (b"II*\x00" + b"\x00" * 16, "image"),
        (b"MM\x00*" + b"\x00" * 16, "image"),
    ],
)
def test_detection_by_magic_bytes(tmp_path, head, kind):
    path = tmp_path / "tep.bin"
    path.write_bytes(head)
    assert detect_format(path) == kind


def test_unknown_content_names_every_format(tmp_path):
    path = tmp_path / "ghi-chu.docx"
    path.write_text("chỉ là văn bản thường", encoding="utf-8")
    with pytest.raises(UnsupportedFormat) as exc:
        detect_format(path)
    assert "plain text" in exc.value.detail
    assert exc.value.user_message == unsupported_message()
