-- Whether a report's posts_per_month in report_facts is derived (its period's posts_total divided
-- by the months, warehouse/facts.py) rather than stated in the report or set by a reviewer. A
-- derived average is recomputed from the effective total, so a corrected total corrects it; pages
-- and exports mark it "tính từ tổng số tin, bài". Filled by the report_facts step that follows.
ALTER TABLE report_facts ADD COLUMN posts_per_month_derived BOOLEAN;
