"""What the numbers mean: causes of the missed targets and proposed fixes (shown in RESULTS.md).

Kept apart from the measuring code; update it when a finding is fixed. Figures quoted here come
from the run above unless marked as a separate measurement.
"""

FINDINGS = """
### Conditions

The machine was shared with other jobs during the run (load average 5-9 on 2 cores, see
`extract.workers*.cores_used` and `load_average_1min` in results.json). Absolute times are 2-5x
slower than on an idle machine, and no 1 -> 2 worker speed-up can be measured when the second
core is busy elsewhere: read the speed-up targets with `cores_used` and
`projected_speedup_on_idle_cores` beside them.

### Born-digital extraction vs the text-reading floor (target <= 1.5x: missed)

The floor (zipfile + lxml over `word/document.xml`, PDFium's text page) costs about 1-1.5 ms a
document; `extract_file` costs 15-40 ms. The stage split (`extract.stage.*`) puts about 60 % in
the readers, 20 % in field rules, 10 % in normalisation, 5 % in classification. The gap is built
into what the readers must do, not waste around them:

- DOCX (`ingest/readers/docx.py`, `read_docx` -> `_Styles(pkg.xml(styles_part), ...)`): every
  file's `word/styles.xml` is parsed to resolve run fonts (legacy TCVN3/VNI detection). Word's
  template carries 164 styles, 350 KB: parsing it takes ~15 ms on this machine against ~1 ms for
  `document.xml` (separate measurement). Proposed fix: cache the parsed `_Styles` per process,
  keyed by a hash of the styles.xml + theme bytes (agencies reuse their templates; in a batch the
  same styles part recurs), or resolve styles lazily for the style ids actually used.
- PDF (`ingest/readers/pdf.py`, `_extract`/`_build_lines`): one ctypes call per glyph for its
  box, then rows and columns rebuilt in Python (needed for reading order: LibreOffice/Word draw
  Vietnamese marks as separate text objects). This is ~10x the plain text dump by design.

A target of ~1.5x the floor is not reachable for a reader that rebuilds layout; ~5x would be,
with the styles cache. Throughput is what users feel: see `extract.workers*.pages_per_s`.

### 1 -> 2 workers (extraction and OCR, target >= 1.7x)

`extract_many` is a plain process pool with a window of 2 files a worker; the registry pickles
to 17 KB per task (0.3 ms). `projected_speedup_on_idle_cores` (2 x CPU time with 1 worker / CPU
time with 2 workers) shows the parallel work costs no extra CPU, so the measured shortfall comes
from the other jobs holding the cores (`cores_used` of the 2-worker runs well under 2). For OCR
the unit of work is a file (1-2 pages): with 8 files the last ones leave a core idle; per-page
dispatch inside `ocr_pdf_pages` would balance long scans.

### OCR vs plain Tesseract

The pipeline with 1 worker costs about 1.1-1.8x a plain `tesseract` call per page: rendering at
300 dpi, and the second Tesseract pass (`--psm 1` with orientation detection) when the mean word
confidence is below 65 (`ingest/readers/ocr.py`, `ocr_image`).

### Load: the write path is the bottleneck (the load is not extraction-bound)

`write_record` takes 60-200 ms a report (`load.write_only.reports_per_s`), so writing is most of
an end-to-end `load_paths` (`load.write_share_of_load`). Profile of one write (separate
measurement, 40 writes): opening the DuckDB file ~25 ms and closing it ~27 ms (checkpoint) per
file (`warehouse/db.py`, `connect`/`_open`), 17 single-row INSERTs into field_values ~20 ms
(`warehouse/load.py`, `_insert_fields`), `refresh_expected` ~13 ms (deletes and re-inserts the
whole expected_reports table on every write: at national scale that is 100,000 rows a file, see
`load.write_ms_per_report_at_100k`). Proposed fixes: one connection for a whole `load_paths`
batch (still one transaction per file), `executemany` or one multi-row INSERT for field values,
refresh expected_reports only when a write adds a new (year, period), and write each record as
`extract_many` yields it instead of after the whole batch. Registry import has the same
row-by-row shape (`warehouse/registry.py`, `import_rows`: ~9 ms an agency, 1,058 agencies in
9.6 s, separate measurement) - a national registry of 5,000 agencies would take ~50 s.

### Memory

Peak RSS (load process + 2 workers, summed; shared copy-on-write pages counted twice, so an upper
bound) is flat: `memory.growth_250_to_1000` close to 1. Records of the batch are kept in a list
until written, a few KB each.

### Dashboard queries and pages at 100,000 reports (target <= 3x the time at 100: missed)

The 100-report warehouse is one province (53 agencies, one year); the 100,000-report one is a
national registry (5,291 agencies x 10 years x 2 periods). Every period query builds one row per
expected agency, so a period shows 100x more rows (53 -> 5,291) and the time follows the rows
shown, not the warehouse size: the `history_ratio` column (same 5,291-agency registry, 10 years
vs 1 year of reports) stays near 1 for every period query except `year_over_year`. So the 3x
target holds for history growth at a fixed registry, and is missed by 10-30x for a registry 100x
larger. Where the time goes (`warehouse/queries.py`):

- `_period_rows` + `_values`: the values of a period come from `effective_values` (a FULL OUTER
  JOIN with a window over corrections) filtered by `list_contains(?, report_id)`, which scans all
  field values (1.5 M rows), then each value is `json.loads`-ed in Python (71,000 at 100k,
  ~0.4 s) and every rule is evaluated per agency in Python. Proposed fix: aggregate figures
  (`completeness_summary`, `totals`, `compliance_by_type`, `year_over_year`) in SQL; join the
  period's current report ids instead of `list_contains`.
- `year_over_year` calls `_period_rows` once per year (10 years at 100k -> 10x a period query:
  `history_ratio` ~10). Proposed fix: one grouped SQL query over all years.
- Pages call 3-5 period queries each, each rebuilding the same period rows (Tổng quan: summary,
  totals, compliance table, by type, year over year). Proposed fix: one cached "period rows"
  function in `ui/data.py` that the others derive from.
- `ingest_log`: `ORDER BY id DESC LIMIT 200` reads every column of the whole log; selecting the
  200 ids first (`WHERE id >= (SELECT min(id) FROM (SELECT id ... ORDER BY id DESC LIMIT ?))`)
  was 2-8x faster at 100k (separate measurement).
- Pages (`pages/kien_nghi.py`): one block of 6 elements per training request - thousands at
  national scale; a single `st.dataframe` with a link column (or the first N per theme) would
  keep it flat. `pages/xuat_bao_cao.py` builds XLSX, CSV and DOCX of the whole period on every
  render (cached 2 minutes); building a file only when its button is pressed would keep the page
  as cheap as its preview table.
- At province scale every page renders in under about a second even on the loaded machine.

### Method notes

AppTest (Streamlit 1.67) resolves a page's hash to the `pages/` file and runs it alone, without
`app.py` (login check, sidebar filters) - both for `switch_page` and for any rerun after a page
has run. The benchmark requests the main script and picks the page through `st.navigation`, so
each timed run is a full `app.py` run; the project's own AppTest page tests should check they
really get the sidebar filters they set.
"""
