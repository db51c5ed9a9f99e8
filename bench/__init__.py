"""Speed benchmark at province and national scale (``python -m bench``, ``make bench``).

One run measures, side by side on the same machine: born-digital extraction against the bare
text-reading floor, OCR against plain Tesseract, the DuckDB write path, every dashboard query and
page on synthetic warehouses of 100 and 100,000 reports, and peak memory of a 1,000-report load.
It writes ``bench/results.json`` (machine-readable) and ``bench/RESULTS.md`` (human table).
Scratch files live in ``bench/out/`` (git-ignored).
"""
