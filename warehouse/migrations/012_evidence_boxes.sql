-- Evidence on the page (issue 6/7): the box of each extracted value's quote, so the review panel
-- shows the original page with the value highlighted. JSON {page, x0, top, x1, bottom, turn}:
-- points, top-down from the page's top-left corner, `turn` the quarter turn of the page's frame
-- (ingest.document.Box). Set by the PDF and OCR readers at load; NULL for Word, ODT, RTF and .doc
-- files (located on demand in their PDF rendering, cached beside the database in rendered/) and
-- for values loaded before this step.
ALTER TABLE field_values ADD COLUMN box JSON;
