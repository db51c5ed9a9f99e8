"""Synthetic warehouses of any size, written in bulk straight into DuckDB.

The registry is the real sample registry (samples/agencies.csv) followed by generated agencies
of other provinces (national scale); every agency reports for every period with a probability of
0.9, 15 % late, 5 % resubmitted (two versions). Field values follow the shapes extraction stores
(JSON values, quotes, locations, confidences), with realistic spreads: posts_total log-normal
around 300, press conferences often 0 or not stated, recommendations with training requests.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from bench.common import log

SEED = 20240601
AGENCY_COLS = ["id", "name", "short_name", "type", "parent", "province", "valid_from", "valid_to"]
SUBMIT_P = 0.9
LATE_P = 0.15
RESUBMIT_P = 0.05
PROVINCES = [
    "Hà Giang",
    "Cao Bằng",
    "Lào Cai",
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
    "Yên Bái",
    "Hòa Bình",
    "Thái Nguyên",
    "Lạng Sơn",
    "Quảng Ninh",
    "Bắc Giang",
    "Phú Thọ",
    "Vĩnh Phúc",
    "Bắc Ninh",
    "Hải Dương",
    "Hưng Yên",
    "Thái Bình",
    "Nam Định",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Quảng Nam",
    "Quảng Ngãi",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Ninh Thuận",
    "Bình Thuận",
    "Kon Tum",
    "Gia Lai",
    "Đắk Lắk",
    "Đắk Nông",
    "Lâm Đồng",
    "Bình Phước",
    "Tây Ninh",
    "Bình Dương",
    "Đồng Nai",
    "Bà Rịa - Vũng Tàu",
    "Long An",
    "Tiền Giang",
    "Bến Tre",
    "Trà Vinh",
    "Vĩnh Long",
]
DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Y tế",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Thanh tra tỉnh",
]
OUTLETS = [
    "Báo Nhân Dân",
    "TTXVN",
    "VTV",
    "VOV",
    "Báo Thanh tra",
    "Cổng TTĐT tỉnh",
    "Báo Tin tức",
    "Tạp chí Cộng sản",
    "Báo Lao Động",
    "Báo Tuổi Trẻ",
]
RECOMMENDATIONS = [
    "Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng phát ngôn cho người phát ngôn.",
    "Đề nghị mở lớp bồi dưỡng nghiệp vụ quản trị trang thông tin điện tử.",
    "Đề nghị tổ chức đào tạo về xử lý khủng hoảng truyền thông trên mạng xã hội.",
    "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin tuyên truyền.",
    "Đề nghị các cơ quan báo chí phản ánh kịp thời, chính xác hoạt động của ngành.",
    "Đề nghị bổ sung biên chế cho bộ phận quản trị cổng thông tin.",
]
TRAINING = {
    0: ["spokesperson_skills"],
    1: ["website_admin"],
    2: ["crisis_communication", "social_media"],
}
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Ngô Thị Ngọc",
]
TITLES = [
    "Giám đốc Sở",
    "Phó Giám đốc Sở",
    "Chánh Văn phòng",
    "Chủ tịch UBND huyện",
    "Phó Chủ tịch UBND huyện",
    "Chánh Thanh tra tỉnh",
]
TEXT = (
    "Công tác phát ngôn và cung cấp thông tin cho báo chí được thực hiện kịp thời, đúng quy "
    "định; trang thông tin điện tử được cập nhật thường xuyên, phản ánh đầy đủ hoạt động."
)


@dataclass
class Spec:
    """What to build: about ``reports`` reports over the given years and periods."""

    reports: int
    years: tuple[int, ...]
    periods: tuple[str, ...] = ("year", "h1")
    agencies: int | None = None  # registry size; None: what ``reports`` needs

    @property
    def n_periods(self) -> int:
        return len(self.years) * len(self.periods)

    @property
    def n_agencies(self) -> int:
        if self.agencies:
            return self.agencies
        return max(1, round(self.reports / (self.n_periods * SUBMIT_P * (1 + RESUBMIT_P))))


def _agencies(real_csv: Path, n: int) -> list[dict]:
    from warehouse.registry import read_csv

    rows = [r for r in read_csv(real_csv) if not r.get("valid_to")]
    rows = rows[:n]
    k = 0
    while len(rows) < n:
        province = PROVINCES[k // 40 % len(PROVINCES)]
        slot = k % 40
        if slot < len(DEPARTMENTS):
            name, kind = f"{DEPARTMENTS[slot]} tỉnh {province}", "department"
        elif slot < 34:
            name, kind = f"UBND huyện số {slot - len(DEPARTMENTS) + 1} tỉnh {province}", "district"
        else:
            name, kind = f"Ban quản lý dự án số {slot - 33} tỉnh {province}", "other"
        if k // 40 >= len(PROVINCES):
            name += f" (khu vực {k // (40 * len(PROVINCES)) + 1})"
        rows.append(
            {
                "id": f"dv-{k:05d}",
                "name": name,
                "short_name": None,
                "type": kind,
                "parent": None,
                "province": province,
                "valid_from": None,
                "valid_to": None,
                "aliases": [],
            }
        )
        k += 1
    return rows


# (location JSON, "where" text) of the k-th field of a report.
LOCATIONS = [
    (
        json.dumps({"page": 1 + k // 8, "paragraph": 3 + 2 * k, "part": "body"}),
        f"Trang {1 + k // 8}, đoạn {3 + 2 * k}",
    )
    for k in range(40)
]
_JSON_CACHE: dict[object, str] = {}


def _dumps(value: object) -> str:
    """Return the JSON text of a value, memoised (most values repeat across reports)."""
    key = (type(value), tuple(value)) if isinstance(value, list) else (type(value), value)
    text = _JSON_CACHE.get(key)
    if text is None:
        text = json.dumps(value, ensure_ascii=False)
        if len(_JSON_CACHE) < 200_000:
            _JSON_CACHE[key] = text
    return text


def _deadline(year: int, period: str) -> date:
    from warehouse.rules import load_config

    found = load_config().deadline(year, period)
    return found or date(year, 12, 15)


def _fields(rng: random.Random, agency: str, year: int, period: str, rdate: date) -> list[tuple]:
    """Return (field, value JSON, quote, derived, confidence) rows of one report."""
    months = 12 if period == "year" else 6
    out: list[tuple] = [
        ("agency", agency, agency.upper(), False),
        ("province", "Hà Nam", None, False),
        ("year", year, f"năm {year}", False),
        ("period", period, "Báo cáo năm" if period == "year" else "Báo cáo 6 tháng", False),
        ("report_number", f"{rng.randint(1, 400)}/BC-{rng.choice('ABCDEFGH')}", None, False),
        ("report_date", rdate.isoformat(), f"ngày {rdate.day} tháng {rdate.month}", False),
    ]
    if rng.random() < 0.85:
        out.append(("spokesperson_name", rng.choice(NAMES), "Người phát ngôn: …", False))
    if rng.random() < 0.95:
        out.append(("spokesperson_title", rng.choice(TITLES), "Chức vụ: …", False))
    posts = None
    if rng.random() < 0.9:
        posts = max(1, int(math.exp(rng.gauss(math.log(300 * months / 12), 0.8))))
        out.append(("posts_total", posts, f"đăng tải {posts} tin, bài", False))
    if posts is not None and rng.random() < 0.5:
        out.append(("posts_per_month", round(posts / months, 1), None, True))
    elif rng.random() < 0.6:
        out.append(("posts_per_month", rng.randint(5, 60), "bình quân … tin, bài/tháng", False))
    if rng.random() < 0.75:
        held = 0 if rng.random() < 0.4 else rng.randint(1, 6)
        out.append(("press_conferences", held, f"tổ chức {held} cuộc họp báo", False))
    if rng.random() < 0.8:
        out.append(
            ("outlets", rng.sample(OUTLETS, rng.randint(1, 4)), "cung cấp thông tin cho …", False)
        )
    if rng.random() < 0.85:
        recs = rng.sample(range(len(RECOMMENDATIONS)), rng.randint(0, 3))
        out.append(("recommendations", [RECOMMENDATIONS[i] for i in recs], "III. KIẾN NGHỊ", False))
        training = [t for i in recs for t in TRAINING.get(i, [])]
        out.append(("training_requested", bool(training), None, False))
        if training:
            out.append(("training_topics", sorted(set(training)), None, False))
    out.append(("strengths", TEXT, TEXT[:80], False))
    if rng.random() < 0.7:
        out.append(("limitations", TEXT[:120], TEXT[:60], False))
    return out


def build(db: Path, spec: Spec, real_csv: Path) -> dict:
    """Create ``db`` from scratch with about ``spec.reports`` reports; return what it holds."""
    from warehouse import facts
    from warehouse.db import migrate
    from warehouse.registry import refresh_expected

    if db.parent.exists():
        shutil.rmtree(db.parent)
    db.parent.mkdir(parents=True)
    migrate(db)
    rng = random.Random(SEED + spec.reports)
    agencies = _agencies(real_csv, spec.n_agencies)
    files: list[tuple] = []
    reports: list[tuple] = []
    fields: list[tuple] = []
    queue: list[tuple] = []
    blobs: list[tuple[str, bytes]] = []
    now = datetime(2026, 1, 5, 9, 0)
    for year in spec.years:
        for period in spec.periods:
            deadline = _deadline(year, period)
            for a in agencies:
                if rng.random() >= SUBMIT_P:
                    continue
                versions = 2 if rng.random() < RESUBMIT_P else 1
                late = rng.random() < LATE_P
                first = datetime.combine(deadline, datetime.min.time()) + timedelta(
                    days=rng.randint(1, 25) if late else -rng.randint(0, 30),
                    hours=rng.randint(7, 17),
                )
                for v in range(1, versions + 1):
                    received = first + timedelta(days=(v - 1) * rng.randint(1, 20))
                    rid = f"{a['id']}:{year}:{period}:v{v}"
                    data = f"bench synthetic file {rid}".encode()
                    sha = hashlib.sha256(data).hexdigest()
                    fid = sha[:16]
                    files.append(
                        (
                            fid,
                            sha,
                            f"{a['id']}-{year}-{period}-v{v}.docx",
                            len(data),
                            "docx",
                            received,
                            "bench",
                            f"files/{sha[:2]}/{sha}",
                        )
                    )
                    blobs.append((sha, data))
                    status = "needs_review" if rng.random() < 0.1 else "ok"
                    reports.append(
                        (
                            rid,
                            fid,
                            a["id"],
                            None,
                            year,
                            period,
                            v,
                            status,
                            "report",
                            f"{a['id']}:{year}:{period}:v{v - 1}" if v > 1 else None,
                            v == versions,
                            received,
                            "bench",
                        )
                    )
                    if status == "needs_review":
                        queue.append(
                            ("needs_review", fid, rid, "Cần kiểm tra lại số liệu.", received)
                        )
                    rdate = (received - timedelta(days=rng.randint(0, 5))).date()
                    for k, (name, value, quote, derived) in enumerate(
                        _fields(rng, a["name"], year, period, rdate)
                    ):
                        loc, where = LOCATIONS[k]
                        fields.append(
                            (
                                rid,
                                name,
                                _dumps(value),
                                quote,
                                loc,
                                where,
                                round(0.55 + 0.45 * rng.random(), 3),
                                None,
                                derived,
                                "bench",
                            )
                        )
    con = duckdb.connect(str(db))
    try:
        con.begin()
        # warehouse.registry.import_rows writes row by row (~9 ms an agency): bulk insert here.
        _bulk(con, "agencies", [tuple(a[c] for c in AGENCY_COLS) for a in agencies], AGENCY_COLS)
        aliases = [(a["id"], x) for a in agencies for x in dict.fromkeys(a["aliases"])]
        _bulk(con, "agency_aliases", aliases, ["agency_id", "alias"])
        _bulk(
            con,
            "files",
            files,
            [
                "id",
                "sha256",
                "original_name",
                "size",
                "format",
                "received_at",
                "uploaded_by",
                "stored_path",
            ],
        )
        # Arrival dates (ngày đến) as a batch upload on the day each file came.
        con.execute("UPDATE files SET arrived_on = CAST(received_at AS DATE)")
        _bulk(
            con,
            "reports",
            reports,
            [
                "id",
                "file_id",
                "agency_id",
                "agency_name_raw",
                "year",
                "period",
                "version",
                "status",
                "doc_type",
                "supersedes",
                "is_current",
                "extracted_at",
                "loaded_by",
            ],
        )
        _bulk(
            con,
            "field_values",
            fields,
            [
                "report_id",
                "field",
                "value",
                "quote",
                "location",
                "where",
                "confidence",
                "qualifier",
                "derived",
                "extractor_version",
            ],
        )
        _bulk(con, "review_queue", queue, ["kind", "file_id", "report_id", "message", "created_at"])
        # A few reviewer corrections (0.5 % of current reports), so effective_values has work.
        con.execute(
            'INSERT INTO corrections (report_id, field, old_value, new_value, "user", '
            "created_at, reason) SELECT id, 'posts_total', NULL, '123', 'bench', ?, 'bench' "
            "FROM reports WHERE is_current AND hash(id) % 200 = 0",
            [now],
        )
        con.execute(
            "INSERT INTO ingest_log (created_at, file_id, original_name, sha256, outcome, status, "
            'message, report_id, "user") SELECT f.received_at, f.id, f.original_name, f.sha256, '
            "'loaded', r.status, 'Đã nạp báo cáo.', r.id, 'bench' FROM files f "
            "JOIN reports r ON r.file_id = f.id"
        )
        refresh_expected(con)
        # Typed facts of every report, as the migration fills them for reports stored before it.
        facts.backfill(con)
        con.commit()
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("agencies", "reports", "field_values", "expected_reports", "corrections")
        }
    finally:
        con.close()
    # Original files only for the agency the Đơn vị page opens on (it reads their bytes):
    # writing 100,000 small files would dominate the build.
    from warehouse.queries import agencies as registry_frame

    first = registry_frame(db=db)["agency_id"].iloc[0]
    root = db.parent / "files"
    for sha, data in blobs:
        if data.decode().split()[-1].split(":")[0] != first:
            continue
        folder = root / sha[:2]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / sha).write_bytes(data)
    log(f"synthetic warehouse {db.parent.name}: {counts}")
    return counts


def _bulk(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], cols: list[str]) -> None:
    if not rows:
        return
    df = pd.DataFrame(rows, columns=cols)  # noqa: F841 (read by DuckDB's replacement scan)
    quoted = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM df")
