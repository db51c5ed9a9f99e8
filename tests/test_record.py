"""The field table is complete: every layer that derives from it finds what it needs for each spec.

A new FieldSpec must pass these without editing them; each check names the layer it guards.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import get_args

import pytest

from ingest.periods import PERIOD_CODES
from ingest.record import (
    FACT_FIELDS,
    FIELD_NAMES,
    FIELDS,
    FORM_FIELDS,
    RATIOS,
    SPECS,
    ExtractedReport,
    FieldSpec,
    Group,
    InvalidValue,
    Kind,
    check_value,
)
from ingest.topics import TOPICS
from ui import format as ui_format
from warehouse import db as dbmod
from warehouse import export, queries
from warehouse.labels import FORM_RATIO_LABELS

# A value of each kind, as a reviewer's correction would store it.
SAMPLES: dict[str, list] = {
    "text": ["Nguyễn Văn A"],
    "count": [0, 1234],
    "number": [17.8, 3.0],
    "year": [2024],
    "period": list(PERIOD_CODES),
    "date": ["2020-12-07"],
    "flag": [True, False],
    "list": [["Báo Hà Nam", "VTV"], []],
    "topics": [list(TOPICS)[:2], []],
}
IDS = [spec.name for spec in FIELDS]


def test_names_are_unique_identifiers():
    names = [spec.name for spec in FIELDS]
    assert len(set(names)) == len(names) and set(SPECS) == set(names)
    assert all(name.isidentifier() and name == name.lower() for name in names)


@pytest.mark.parametrize("spec", FIELDS, ids=IDS)
def test_label_is_vietnamese(spec: FieldSpec):
    label = spec.label
    assert label.strip() == label and label, spec.name
    assert unicodedata.normalize("NFC", label) == label
    if " " in label:  # a multi-word Vietnamese label without a single mark is a typo
        assert not label.isascii(), label


def test_labels_are_distinct():
    labels = [spec.label for spec in FIELDS]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("spec", FIELDS, ids=IDS)
def test_kind_group_and_ratio_are_valid(spec: FieldSpec):
    assert spec.kind in get_args(Kind) and spec.group in get_args(Group)
    if spec.ratio_of is not None:
        bottom = SPECS[spec.ratio_of]
        assert bottom.group == spec.group and bottom.ratio_of is None
        assert spec.kind == bottom.kind == "count"


def test_ratio_labels_name_exactly_the_ratios():
    assert RATIOS and set(FORM_RATIO_LABELS) == {top for top, _ in RATIOS}
    assert queries.FORM_RATIOS == RATIOS
    shown = [name for terms in queries.FORM_LAYOUT for name in terms]
    assert sorted(shown) == sorted(FORM_FIELDS) and len(shown) == len(set(shown))


def test_every_fact_spec_is_a_report_facts_column(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    dbmod.migrate(path)
    with dbmod.connect(path, read_only=True) as con:
        columns = {
            name
            for (name,) in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'report_facts'"
            ).fetchall()
        }
    assert set(FACT_FIELDS) <= columns


@pytest.mark.parametrize("spec", FIELDS, ids=IDS)
def test_ui_label_and_correction_round_trip(spec: FieldSpec):
    assert ui_format.FIELD_LABELS[spec.name] == spec.label
    for value in SAMPLES[spec.kind]:
        text = ui_format.edit_text(spec.name, value)
        assert ui_format.parse_value(spec.name, text) == value, (spec.name, text)
        assert type(ui_format.parse_value(spec.name, text)) is type(value)


def test_every_form_spec_is_a_form_sheet_header():
    headers = export._form_headers()
    assert {spec.label for spec in FIELDS if spec.group == "form"} <= set(headers)


def test_every_cli_spec_is_a_json_key():
    keys = ExtractedReport("x.docx").to_json()
    assert {spec.name for spec in FIELDS if spec.cli} <= set(keys)
    assert set(FIELD_NAMES) == {spec.name for spec in FIELDS if spec.cli}
    assert not {spec.name for spec in FIELDS if not spec.cli} & set(keys)


@pytest.mark.parametrize("spec", FIELDS, ids=IDS)
def test_bounds_of_a_typed_value_come_from_the_field_table(spec: FieldSpec):
    """Issue 7: check_value refuses what is beyond a field's bounds, naming the field."""
    if spec.kind in ("count", "number", "year"):
        low, high = spec.bounds
        assert check_value(spec.name, str(high)) == high
        assert check_value(spec.name, float(low)) == low
        for bad in (high + 1, low - 1, float("inf"), float("nan"), "1e308"):
            with pytest.raises(InvalidValue, match=re.escape(spec.label)):
                check_value(spec.name, bad)
    elif spec.kind in ("text", "period"):
        assert check_value(spec.name, "Â" * spec.longest) == "Â" * spec.longest
        with pytest.raises(InvalidValue, match=re.escape(spec.label)):
            check_value(spec.name, "Â" * (spec.longest + 1))
    elif spec.kind in ("list", "topics"):
        with pytest.raises(InvalidValue, match=re.escape(spec.label)):
            check_value(spec.name, ["Â" * (spec.longest + 1)])
    elif spec.kind == "date":
        assert check_value(spec.name, "2020-12-07") == "2020-12-07"
        with pytest.raises(InvalidValue, match=re.escape(spec.label)):
            check_value(spec.name, "1899-12-31")
