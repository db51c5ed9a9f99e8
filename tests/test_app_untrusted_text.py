"""Issue 7: untrusted text on every page is shown, never rendered.

A security test found registry fields, file and ZIP-member names, quotes, recommendations and an
agency name in a flash message rendered as Markdown (a picture fetched from another host, links
made of bare URLs and e-mail addresses), bidi and control characters shown in result names, and
a file with a very long name missing from a batch. Here a real warehouse holds all of these and
every page is walked with AppTest.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import (
    ADMIN_PASSWORD,
    BAD_TYPED_VALUES,
    ROOT,
    active_markdown,
    entry_script,
    goto,
    login,
    open_app,
    unescape_md,
    walk,
)

pytestmark = pytest.mark.slow

# Each piece once made Streamlit fetch, link or format something, or hid the text's direction.
HOSTILE = (
    "![i](http://evil.example/x) <img src=x onerror=alert(1)> **bold** [link](http://x) "
    "http://bare.example a@b.example \u202e\u0007"
)
# What of HOSTILE an official must still read (word joiners and escapes removed).
SEEN = ("evil.example", "onerror", "bold", "bare.example", "a@b.example")
INVISIBLE = ("\u202e", "\u0007")
AGENCY = "thanh-tra-tinh"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAMPLE = ROOT / "samples" / "reports" / "2020"


def _warehouse(db) -> str:
    """Fill a warehouse whose registry fields and one report of 2020 are hostile; return the id
    of an unmatched report waiting to be assigned."""
    from warehouse_corpus import fv, report

    from ingest.registry import Registry
    from warehouse.db import connect
    from warehouse.load import write_record
    from warehouse.registry import import_csv

    import_csv(ROOT / "samples" / "agencies.csv", db=db, user="system")
    rec = report(
        "Thanh tra tỉnh",
        2020,
        registry=Registry.from_csv(ROOT / "samples" / "agencies.csv"),
        status="needs_review",
        spokesperson_name="Nguyễn Văn A " + HOSTILE,
        posts_total=120,
        press_conferences=0,
        recommendations=["Đề nghị tập huấn kỹ năng phát ngôn " + HOSTILE, "Kinh phí " + HOSTILE],
        training_requested=True,
        training_topics=["spokesperson_skills"],
    )
    rec.fields["press_conferences"] = fv(0, "Chưa tổ chức họp báo. " + HOSTILE)
    # A file name keeps only what follows its last "/": the picture's address loses its host.
    name = "![i](evil.example) **bc** [a](x) a@b.example \u202e.docx"
    assert write_record(rec, b"hostile", original_name=name, db=db, user="cli").report_id
    unmatched = report("Sở Ngoại vụ", 2020, posts_total=9, registry=None, status="needs_review")
    placed = write_record(unmatched, b"unmatched", original_name="snv.docx", db=db, user="cli")
    assert placed.outcome == "unmatched_agency", placed.outcome
    with connect(db) as con:
        con.execute(
            "UPDATE agencies SET name = ?, province = ? WHERE id = ?",
            [f"Thanh tra {HOSTILE}", f"Hà Nam {HOSTILE}", AGENCY],
        )
        con.execute("UPDATE agencies SET phone = ?, email = ?", [HOSTILE, HOSTILE])
    return placed.report_id


# Elements whose body Streamlit renders as Markdown.
MARKDOWN_BODIES = (
    *("markdown", "caption", "title", "header", "subheader"),
    *("error", "warning", "info", "success", "toast"),
)


def _shown(at) -> list[tuple[str, str]]:
    """Return (element type, text) of everything on the page: bodies, cells, labels, options."""
    out = []
    for node in [*walk(at.main), *walk(at.sidebar)]:
        kind = getattr(node, "type", "")
        value = getattr(node, "value", None)
        if kind in ("table", "dataframe"):
            out += [(kind, str(v)) for v in value.to_numpy().ravel()]
        elif kind in MARKDOWN_BODIES or kind == "text":
            out.append((kind, str(value)))
        elif kind == "progress":
            out.append((kind, node.text))
        for attr in ("label", "help", "placeholder"):
            if isinstance(getattr(node, attr, None), str):
                out.append((f"{kind} {attr}", getattr(node, attr)))
        if kind in ("selectbox", "multiselect", "radio"):
            out += [(f"{kind} option", str(o)) for o in node.options]
    return out


def _check(at, page: str) -> int:
    """Assert that no hostile text is rendered on the page; return how many places show it."""
    assert not at.exception, (page, at.exception)
    seen = 0
    for kind, text in _shown(at):
        grid = kind == "dataframe"  # a data grid shows cells as stored, no Markdown
        assert grid or not any(ch in text for ch in INVISIBLE), (page, kind, text)
        literal = re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")
        if not any(s in literal for s in SEEN):
            continue
        seen += 1
        if grid or kind in ("text", "selectbox option", "multiselect option"):
            continue  # shown as typed: no Markdown there
        body = re.sub(r"^(\S+ )?\*\*(.*)\*\*$", r"\2", text, flags=re.S)  # the page's own bold
        assert not active_markdown(body), (page, kind, text, active_markdown(body))
    return seen


def _long_name_batch() -> list[tuple[str, bytes, str]]:
    """Return an upload of three: a 300-character name, a ZIP whose member has a hostile name,
    and a short name (each a different report of 2020)."""
    reports = sorted(p for p in SAMPLE.glob("*.docx") if "thanh-tra" not in p.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(f"thu-muc/{HOSTILE}.docx", reports[1].read_bytes())
    return [
        ("Báo cáo " + "ạ" * 300 + ".docx", reports[0].read_bytes(), DOCX),
        ("goi.zip", buffer.getvalue(), "application/zip"),
        ("ngan.docx", reports[2].read_bytes(), DOCX),
    ]


def test_hostile_text_is_never_rendered_on_any_page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from warehouse import queries

    db = tmp_path / "wh" / "warehouse.duckdb"
    unmatched = _warehouse(db)
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    login(at, "admin", ADMIN_PASSWORD)
    at.sidebar.selectbox(key="filter_year").set_value(2020).run()
    seen = {}
    for page in ("tong_quan", "chua_hop_bao", "kien_nghi", "xuat_bao_cao", "danh_muc"):
        goto(at, page)
        seen[page] = _check(at, page)

    goto(at, "don_vi")
    at.selectbox(key="agency_pick").set_value(AGENCY).run()
    seen["don_vi"] = _check(at, "don_vi")

    goto(at, "tiep_nhan")
    queue = queries.review_queue(db=db)
    item = queue[(queue["report_id"] == unmatched) & (queue["kind"] == "unmatched_agency")]
    at.selectbox(key="queue_pick").set_value(int(item["item_id"].iloc[0])).run()
    seen["tiep_nhan"] = _check(at, "tiep_nhan")
    # An agency name in a flash message: assign the waiting report to the hostile agency.
    at.selectbox(key=f"assign_agency_{unmatched}").set_value(AGENCY)
    next(b for b in at.button if b.label == "Gán cho đơn vị").click().run()
    assert any("Đã gán báo cáo cho Thanh tra" in s.value for s in at.success)
    seen["flash"] = _check(at, "tiep_nhan")
    # File and ZIP-member names in the results of a batch, a very long one among them.
    at.file_uploader(key="uploader").set_value(_long_name_batch()).run()
    at.button(key="load_files").click().run()
    seen["upload"] = _check(at, "tiep_nhan")
    results = [t.value for t in at.text if t.value.startswith("Tệp: ")]
    assert len(results) == 3, results
    long, member, short = (r.splitlines()[0] for r in results)
    assert long.startswith("Tệp: Báo cáo ạạ") and "…" in long and long.endswith("ạ.docx")
    assert len(long) < 150
    assert member.startswith("Tệp: goi.zip › thu-muc/![i](http://evil.example/x)")
    assert short == "Tệp: ngan.docx"
    assert all(seen.values()), f"the hostile text must show on every page: {seen}"


def test_corrections_out_of_bounds_are_refused_on_the_page(tmp_path, monkeypatch):
    """Issue 7: each bad value gets its Vietnamese message on the page, and nothing is stored."""
    from ingest.record import SPECS
    from warehouse import queries

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db)
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    at = open_app(tmp_path, "don_vi", "admin", ADMIN_PASSWORD, timeout=120)
    at.selectbox(key="agency_pick").set_value(AGENCY).run()
    key = "v_" + queries.agency_history(agency_id=AGENCY, db=db)["report_id"].iloc[0]
    offered = at.selectbox(key=f"{key}_field").options  # the fields this report has
    tried = [case for case in BAD_TYPED_VALUES if SPECS[case[0]].label in offered]
    assert {"posts_total", "press_conferences", "spokesperson_name"} <= {f for f, _, _ in tried}
    for field, typed, message in tried:
        at.selectbox(key=f"{key}_field").set_value(field).run()
        at.text_input(key=f"{key}_value_{field}").input(typed)
        at.text_input(key=f"{key}_reason_{field}").input("Gõ thử")
        next(b for b in at.button if b.label == "Lưu chỉnh sửa").click().run()
        assert not at.exception, at.exception
        assert [unescape_md(e.value) for e in at.error] == [message], typed[:20]
        assert not at.success
    assert queries.corrections_log(agency_id=AGENCY, db=db).empty
