-- Review states, gate overrules, paper reports, spokesperson decisions and period locks (issue 6/7).
--
-- review_state: pending ("Chờ xem xét"), confirmed ("Đã xác nhận") or returned ("Trả lại đơn vị",
-- with a reason); the latest change is on the report, every change in report_states.
-- source: where the figures come from: 'file' (read from the stored file) or 'paper' ("giấy":
-- typed in from a report that came on paper only).
ALTER TABLE reports ADD COLUMN review_state VARCHAR DEFAULT 'pending';
ALTER TABLE reports ADD COLUMN review_reason VARCHAR;
ALTER TABLE reports ADD COLUMN source VARCHAR DEFAULT 'file';
UPDATE reports SET review_state = CASE WHEN confirmed_at IS NULL THEN 'pending' ELSE 'confirmed' END;
UPDATE reports SET source = 'file';

CREATE SEQUENCE report_states_seq START 1;
CREATE TABLE report_states (
    id BIGINT PRIMARY KEY DEFAULT nextval('report_states_seq'),
    report_id VARCHAR NOT NULL,
    state VARCHAR NOT NULL,           -- pending | confirmed | returned
    reason VARCHAR,
    "user" VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A reviewer's decision against the classifier, per file (by sha256, so that loading the same
-- bytes again or reading the file again keeps it): 'report' (read it as a report whatever the
-- classifier says) or 'not_report' (not a report: its figures leave the totals). The latest row of
-- a file is in force; a reversal is a new row.
CREATE SEQUENCE gate_decisions_seq START 1;
CREATE TABLE gate_decisions (
    id BIGINT PRIMARY KEY DEFAULT nextval('gate_decisions_seq'),
    sha256 VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,        -- report | not_report
    report_id VARCHAR,                -- the report it made or took out of the totals
    reason VARCHAR,
    detail JSON,                      -- what a reversal restores (status, current version)
    "user" VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- What a file refused as a non-report is (memo | dispatch | form | decision | other), so that a
-- decision appointing a spokesperson can be offered as evidence; files loaded earlier take it from
-- their queue message ("Không phải báo cáo (là quyết định)").
ALTER TABLE files ADD COLUMN doc_type VARCHAR;
UPDATE files SET doc_type = 'decision' WHERE id IN (
    SELECT file_id FROM review_queue WHERE kind = 'not_a_report' AND message LIKE '%(là quyết định)%'
);

-- A decision appointing a spokesperson kept as evidence of an agency's spokesperson rule, from a
-- reporting year on; unlinked_at set when a reviewer takes it back.
CREATE SEQUENCE spokesperson_decisions_seq START 1;
CREATE TABLE spokesperson_decisions (
    id BIGINT PRIMARY KEY DEFAULT nextval('spokesperson_decisions_seq'),
    agency_id VARCHAR NOT NULL,
    file_id VARCHAR NOT NULL,
    from_year INTEGER NOT NULL,
    linked_by VARCHAR NOT NULL,
    linked_at TIMESTAMP NOT NULL,
    unlinked_by VARCHAR,
    unlinked_at TIMESTAMP
);

-- "Chốt số liệu": a period's figures approved and locked; unlocked ("Mở khóa") with a reason.
-- The row with unlocked_at NULL is the lock in force; older rows are the history.
CREATE SEQUENCE period_locks_seq START 1;
CREATE TABLE period_locks (
    id BIGINT PRIMARY KEY DEFAULT nextval('period_locks_seq'),
    year INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    locked_by VARCHAR NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    unlocked_by VARCHAR,
    unlocked_at TIMESTAMP,
    unlock_reason VARCHAR
);
