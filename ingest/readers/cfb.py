"""Just enough of the OLE2 compound file format ([MS-CFB]) to tell a Word 97-2003 file by its
streams and read the head of its WordDocument stream (the FIB), with the standard library only."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from ingest.errors import CorruptFile

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE


class Cfb:
    """Just enough of [MS-CFB] to list stream names and read the start of a stream."""

    def __init__(self, fh: BinaryIO, size: int, path: Path):
        self.fh, self.size, self.path = fh, size, path
        header = self._read(0, 512)
        if len(header) < 512:
            self._corrupt("header shorter than 512 bytes")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            self._corrupt(f"sector shift {shift} is neither 9 nor 12")
        self.sector = 1 << shift
        n_fat = struct.unpack_from("<I", header, 0x2C)[0]
        self.dir_start = struct.unpack_from("<I", header, 0x30)[0]
        difat_next, n_difat = struct.unpack_from("<II", header, 0x44)
        max_sectors = size // self.sector + 1
        if n_fat > max_sectors:
            self._corrupt(f"{n_fat} FAT sectors declared in a {size:,}-byte file")
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _END_OF_CHAIN]
        per = self.sector // 4 - 1
        for _ in range(min(n_difat, max_sectors)):
            if difat_next >= _END_OF_CHAIN:
                break
            data = self._sector(difat_next)
            entries = struct.unpack_from(f"<{per + 1}I", data)
            fat_sectors.extend(s for s in entries[:per] if s < _END_OF_CHAIN)
            difat_next = entries[per]
        fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            fat.extend(struct.unpack(f"<{self.sector // 4}I", self._sector(s)))
        self.fat = fat

    def _corrupt(self, why: str) -> None:
        raise CorruptFile(f"OLE2 compound file is damaged: {why}", path=str(self.path))

    def _read(self, offset: int, n: int) -> bytes:
        self.fh.seek(offset)
        return self.fh.read(n)

    def _sector(self, n: int) -> bytes:
        data = self._read((n + 1) * self.sector, self.sector)
        if len(data) < self.sector:
            self._corrupt(f"sector {n} lies beyond the end of the file")
        return data

    def _chain(self, start: int, limit: int) -> list[int]:
        chain: list[int] = []
        s = start
        while s < _END_OF_CHAIN and len(chain) < limit:
            if s >= len(self.fat):
                self._corrupt(f"sector chain points to sector {s} outside the FAT")
            chain.append(s)
            s = self.fat[s]
        return chain

    def entries(self) -> dict[str, tuple[int, int]]:
        """Return stream/storage name -> (start sector, size)."""
        out: dict[str, tuple[int, int]] = {}
        for s in self._chain(self.dir_start, limit=4096):
            data = self._sector(s)
            for off in range(0, self.sector, 128):
                name_len = struct.unpack_from("<H", data, off + 0x40)[0]
                kind = data[off + 0x42]
                if kind == 0 or not 2 <= name_len <= 64:
                    continue
                name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                start = struct.unpack_from("<I", data, off + 0x74)[0]
                size = struct.unpack_from("<Q", data, off + 0x78)[0]
                out[name] = (start, size)
        return out

    def stream_head(self, start: int, n: int) -> bytes:
        """Read the first `n` bytes of a stream stored in regular sectors (>= 4096 bytes)."""
        chunks = [self._sector(s) for s in self._chain(start, limit=n // self.sector + 1)]
        return b"".join(chunks)[:n]


def inspect(path: Path) -> tuple[dict[str, tuple[int, int]], bytes]:
    """Return an OLE2 file's stream names (start sector, size) and the head of its WordDocument."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        cfb = Cfb(fh, size, path)
        names = cfb.entries()
        head = b""
        if "WordDocument" in names:
            start, length = names["WordDocument"]
            if length >= 4096:  # smaller streams live in the mini stream; Word's never do
                head = cfb.stream_head(start, 64)
    return names, head
