-- Agency identity and the review queue (issue 14): what a reviewer needs to decide.
-- candidates: for an unmatched report, the registry agencies its name may stand for (JSON list of
-- {id, name, province, valid_from, valid_to, score, method}) and the name as written.
-- related_report_id: for a possible resubmission, the current report it would replace.
-- confidence: the lowest field confidence of the report, to put the most doubtful first.
ALTER TABLE review_queue ADD COLUMN candidates JSON;
ALTER TABLE review_queue ADD COLUMN related_report_id VARCHAR;
ALTER TABLE review_queue ADD COLUMN confidence DOUBLE;
-- Who confirmed a report and when ("Đã xác nhận – tên, thời điểm"); NULL until confirmed.
ALTER TABLE reports ADD COLUMN confirmed_by VARCHAR;
ALTER TABLE reports ADD COLUMN confirmed_at TIMESTAMP;
