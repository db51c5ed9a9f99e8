"""report_facts stays equal to the record (field_values + corrections) after every kind of write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import warehouse_corpus as wc
from conftest import add_user

from ingest.record import FACT_FIELDS, SPECS, FieldSpec
from warehouse import db as dbmod
from warehouse import facts, queries
from warehouse.review import assign_report, correct_field


def _recomputed(path: Path) -> dict[str, list]:
    """Facts rebuilt from the effective_values view (not from warehouse.facts' own query): a
    value extraction derived counts as derived until a reviewer corrects it."""
    with dbmod.connect(path, read_only=True) as con:
        periods = dict(con.execute("SELECT id, period FROM reports ORDER BY id").fetchall())
        rows = con.execute(
            'SELECT report_id, field, value, quote, "where", derived AND NOT corrected '
            "FROM effective_values"
        )
        stored: dict[str, dict] = {rid: {} for rid in periods}
        derived: dict[str, list] = {rid: [] for rid in periods}
        for rid, name, value, quote, where, is_derived in rows.fetchall():
            if rid in stored:
                stored[rid][name] = (value, quote, where)
                derived[rid] += [name] if is_derived else []
    return {
        rid: facts.fact_row(rid, fields, period=periods[rid], derived=derived[rid])
        for rid, fields in stored.items()
    }


def _stored(path: Path) -> dict[str, list]:
    cols = ", ".join(facts.COLUMNS)
    with dbmod.connect(path, read_only=True) as con:
        rows = con.execute(f"SELECT {cols} FROM report_facts ORDER BY report_id").fetchall()
    return {r[0]: list(r) for r in rows}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, list]:
    path = tmp_path / "w.duckdb"
    results = wc.build(path, tmp_path)
    add_user(path, "reviewer", "editor")
    return path, results


def test_facts_follow_loads_corrections_and_assignment(built) -> None:
    path, results = built
    assert _stored(path) == _recomputed(path)
    before = queries.totals(year=2023, db=path)

    correct_field(
        report_id="so-alpha:2023:year:v1",
        field="posts_total",
        new_value=1000,
        reason="Số liệu đúng theo phụ lục",
        user="reviewer",
        db=path,
    )
    correct_field(
        report_id="so-alpha:2023:year:v1",
        field="press_conferences",
        new_value=0,
        reason="Không chủ trì họp báo",
        user="reviewer",
        db=path,
    )
    unmatched = next(r for r in results if r.outcome == "unmatched_agency")
    new_id = assign_report(
        report_id=unmatched.report_id, agency_id="huyen-delta", user="reviewer", year=2023,
        period="year", db=path,
    )  # fmt: skip
    assert _stored(path) == _recomputed(path)
    assert unmatched.report_id not in _stored(path)

    after = queries.totals(year=2023, db=path)
    alpha_posts = 25 * 12  # the corpus states 25 a month and a total of 300
    assert after["posts_total"] == before["posts_total"] - alpha_posts + 1000 + 5
    assert after["press_conferences"] == before["press_conferences"] - 2
    zero = queries.no_press_conferences(year=2023, db=path)
    assert "so-alpha" in set(zero[zero["category"] == "zero"]["agency_id"])
    table = queries.compliance_table(year=2023, db=path).set_index("agency_id")
    assert table.loc["huyen-delta", "report_id"] == new_id
    assert table.loc["huyen-delta", "posts_total"] == 5


def test_migration_fills_facts_of_reports_stored_before_it(built) -> None:
    path, _ = built
    expected = _stored(path)
    table = queries.compliance_table(year=2023, db=path)
    # The migrations that create or change report_facts, from 003_report_facts (which creates it)
    # on, in the order they are applied.
    steps = [f.stem for f in dbmod.migration_files() if "report_facts" in f.read_text("utf-8")]
    assert steps[0] == "003_report_facts"
    with dbmod.transaction(path) as con:  # the warehouse as it was before migration 003
        con.execute("DROP TABLE report_facts")
        con.execute(
            "DELETE FROM schema_migrations WHERE name IN (SELECT unnest(?::VARCHAR[])) "
            "OR name LIKE 'report_facts@%'",
            [steps],
        )
    dbmod._migrated.discard(path.resolve())

    assert dbmod.migrate(path) == [*steps, f"report_facts@{facts.fingerprint()}"]
    assert _stored(path) == expected
    assert queries.compliance_table(year=2023, db=path).equals(table)


def test_facts_are_recomputed_once_when_their_rules_change(built, monkeypatch) -> None:
    path, _ = built
    expected = _stored(path)
    with dbmod.transaction(path) as con:  # facts computed by older rules (here: made stale)
        con.execute("UPDATE report_facts SET posts_total = -1, training_requests = NULL")
    monkeypatch.setattr(facts, "RULES_VERSION", facts.RULES_VERSION + 1)
    dbmod._migrated.discard(path.resolve())  # as a new process would

    assert dbmod.migrate(path) == [f"report_facts@{facts.fingerprint()}"]
    assert _stored(path) == expected
    dbmod._migrated.discard(path.resolve())
    assert dbmod.migrate(path) == []  # once


def test_a_fact_column_the_table_lacks_comes_with_the_rebuild(built, monkeypatch) -> None:
    # A fact field added to the field table needs no migration file: the rebuild that its changed
    # fingerprint triggers adds its column (here: a form count whose column is gone).
    path, _ = built
    expected = _stored(path)
    with dbmod.transaction(path) as con:
        con.execute("ALTER TABLE report_facts DROP COLUMN correction_requests")
    monkeypatch.setattr(facts, "RULES_VERSION", facts.RULES_VERSION + 1)
    dbmod._migrated.discard(path.resolve())

    assert dbmod.migrate(path) == [f"report_facts@{facts.fingerprint()}"]
    assert _stored(path) == expected


def _column_types(path: Path) -> dict[str, str]:
    with dbmod.connect(path, read_only=True) as con:
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'report_facts'"
        ).fetchall()
    return dict(rows)


def test_every_fact_spec_is_a_typed_column(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    dbmod.migrate(path)
    types = _column_types(path)
    for name in FACT_FIELDS:
        assert types[name] == facts._sql_type(SPECS[name].kind), name
    assert list(facts.VALUE_FIELDS) == list(FACT_FIELDS)
    assert set(facts.SCALAR_FIELDS) | set(facts.LIST_FIELDS) == set(FACT_FIELDS)


def test_a_new_fact_spec_gets_its_column(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "w.duckdb"
    dbmod.migrate(path)
    new = {
        "hotline_calls": FieldSpec("hotline_calls", "count", "Cuộc gọi", "form", True, False),
        "hotline_topics": FieldSpec("hotline_topics", "list", "Nội dung", "form", True, False),
        "hotline_open": FieldSpec("hotline_open", "flag", "Có đường dây nóng", "form", True, False),
    }
    monkeypatch.setattr(facts, "SPECS", SPECS | new)
    monkeypatch.setattr(facts, "VALUE_FIELDS", (*FACT_FIELDS, *new))
    with dbmod.transaction(path) as con:
        assert facts.add_columns(con) == list(new)
        assert facts.add_columns(con) == []  # once
    types = _column_types(path)
    assert (types["hotline_calls"], types["hotline_open"]) == ("DOUBLE", "BOOLEAN")
    assert types["hotline_topics"] == "VARCHAR[]"


@pytest.mark.parametrize("name", ["x; DROP TABLE reports", "Posts", "no_such_field"])
def test_add_columns_takes_only_names_of_the_field_table(tmp_path: Path, monkeypatch, name) -> None:
    path = tmp_path / "w.duckdb"
    dbmod.migrate(path)
    spec = FieldSpec("x", "count", "X", "form", True, False)
    monkeypatch.setattr(facts, "SPECS", SPECS | ({name: spec} if name != "no_such_field" else {}))
    monkeypatch.setattr(facts, "VALUE_FIELDS", (*FACT_FIELDS, name))
    with dbmod.transaction(path) as con, pytest.raises(ValueError, match="not a fact field"):
        facts.add_columns(con)
    assert name not in _column_types(path)


def test_fact_row_types_values_the_way_rules_read_them() -> None:
    row = facts.fact_row(
        "r1",
        {
            "posts_total": (json.dumps(True), None, None),  # a boolean is not a count
            "posts_per_month": (json.dumps("22,5"), None, None),
            "press_conferences": (json.dumps(0), "không tổ chức họp báo", "Trang 2, đoạn 4"),
            "spokesperson_name": (json.dumps("  "), None, None),
            "spokesperson_title": (json.dumps("Chánh Văn phòng"), None, None),
            "training_requested": (json.dumps("có"), None, None),
            "recommendations": (json.dumps(["Tập huấn kỹ năng", " ", None]), None, "đoạn 9"),
        },
    )
    got = dict(zip(facts.COLUMNS, row, strict=True))
    assert got["posts_total"] is None
    assert got["posts_per_month"] == 22.5
    assert got["press_conferences"] == 0.0
    assert got["press_conferences_quote"] == "không tổ chức họp báo"
    assert got["spokesperson_name"] is None
    assert got["spokesperson_title"] == "Chánh Văn phòng"
    assert got["training_requested"] is None
    assert got["recommendations"] == ["Tập huấn kỹ năng"]
    assert got["recommendations_where"] == "đoạn 9"
    assert got["training_topics"] is None


EVIDENCE = {
    "recommendations": ("", "Trang 3, đoạn 12"),
    "training_topics": ("tập huấn về mạng xã hội", "Trang 3, đoạn 14"),
    "training_requested": ("đề nghị Sở mở lớp bồi dưỡng", "Trang 3, đoạn 15"),
    "press_conferences": (None, None),
}
SKILLS = "Đề nghị tổ chức tập huấn kỹ năng phát ngôn và sử dụng mạng xã hội"
BUDGET = "Đề nghị bố trí kinh phí cho trang thông tin điện tử"


@pytest.mark.parametrize(
    ("values", "topics", "others"),
    [
        # Each theme a training sentence names, quoted; other requests kept apart.
        (
            {"recommendations": [SKILLS, BUDGET]},
            [("spokesperson_skills", SKILLS), ("social_media", SKILLS)],
            [BUDGET],
        ),
        # A reviewer's topics restrict the sentence's themes ...
        (
            {"recommendations": [SKILLS], "training_topics": ["social_media"]},
            [("social_media", SKILLS)],
            [],
        ),
        # ... and a stored topic no sentence names still counts, quoting the first request.
        (
            {"recommendations": [SKILLS], "training_topics": ["legal", "social_media"]},
            [("social_media", SKILLS), ("legal", SKILLS)],
            [],
        ),
        # Topics without any training sentence: the topics' own evidence.
        (
            {"recommendations": [BUDGET], "training_topics": ["social_media", "nonsense"]},
            [("social_media", "tập huấn về mạng xã hội")],
            [BUDGET],
        ),
        # Only "wants training" said: one request of the "other" theme.
        ({"training_requested": True}, [("other", "đề nghị Sở mở lớp bồi dưỡng")], []),
        # The report says it asks no training: nothing counts as a request.
        ({"recommendations": [BUDGET], "training_requested": False}, [], [BUDGET]),
    ],
)
def test_training_requests_per_report(values: dict, topics: list, others: list) -> None:
    requests, rest = facts.training_requests(values, EVIDENCE)
    assert [(r["topic"], r["quote"]) for r in requests] == topics
    assert rest == others
    if requests and values.get("recommendations"):
        assert {r["where"] for r in requests} <= {"Trang 3, đoạn 12", "Trang 3, đoạn 14"}
