-- The indicators of the Decree 244/2026/NĐ-CP national form (reports from 2026 on) as typed facts,
-- so period pages and exports add them up in SQL. A ratio on the form is two columns, numerator
-- and denominator. NULL when a report does not state it (every report before the form). Filled for
-- stored reports by the report_facts step that follows (warehouse/facts.py, named by fingerprint).
ALTER TABLE report_facts ADD COLUMN briefings DOUBLE;
ALTER TABLE report_facts ADD COLUMN press_requests_answered DOUBLE;
ALTER TABLE report_facts ADD COLUMN press_requests_received DOUBLE;
ALTER TABLE report_facts ADD COLUMN incidents_spoken DOUBLE;
ALTER TABLE report_facts ADD COLUMN incidents_total DOUBLE;
ALTER TABLE report_facts ADD COLUMN answers_on_time DOUBLE;
ALTER TABLE report_facts ADD COLUMN answers_total DOUBLE;
ALTER TABLE report_facts ADD COLUMN correction_requests DOUBLE;
