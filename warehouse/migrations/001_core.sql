-- Core schema: registry, expected reports, stored files, versioned reports with their field values,
-- reviewers' corrections (beside the extracted values, never over them), review queue, logs, audit.

CREATE TABLE agencies (
    id VARCHAR PRIMARY KEY,           -- slug, e.g. 'so-y-te'
    name VARCHAR NOT NULL,            -- canonical name
    short_name VARCHAR,
    type VARCHAR NOT NULL,            -- department | district | provincial | other
    parent VARCHAR,
    province VARCHAR,
    valid_from DATE,
    valid_to DATE                     -- NULL while valid
);

CREATE TABLE agency_aliases (
    agency_id VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    PRIMARY KEY (agency_id, alias)
);

-- Who must report what by when: derived from registry validity and the [periods]/[deadlines]
-- of rules.toml; rebuilt by every write that can change it.
CREATE TABLE expected_reports (
    agency_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    deadline DATE NOT NULL,
    PRIMARY KEY (agency_id, year, period)
);

CREATE TABLE files (
    id VARCHAR PRIMARY KEY,           -- first 16 hex digits of sha256
    sha256 VARCHAR NOT NULL UNIQUE,
    original_name VARCHAR NOT NULL,   -- sanitised
    size BIGINT NOT NULL,
    format VARCHAR,
    received_at TIMESTAMP NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    stored_path VARCHAR NOT NULL      -- relative to the database folder: files/ab/abcdef...
);

CREATE TABLE reports (
    id VARCHAR PRIMARY KEY,           -- '<agency_id>:<year>:<period>:v<version>', or 'unmatched:<file_id>'
    file_id VARCHAR NOT NULL,
    agency_id VARCHAR,                -- NULL while the agency name is unmatched
    agency_name_raw VARCHAR,          -- the name as extracted, for the review queue
    year INTEGER,
    period VARCHAR,
    version INTEGER,
    status VARCHAR NOT NULL,          -- ok | needs_review | unmatched
    doc_type VARCHAR,
    supersedes VARCHAR,               -- report id of the previous version
    is_current BOOLEAN NOT NULL,
    extracted_at TIMESTAMP NOT NULL,
    loaded_by VARCHAR NOT NULL
);

CREATE TABLE field_values (
    report_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    value JSON,
    quote VARCHAR,
    location JSON,
    "where" VARCHAR,
    confidence DOUBLE,
    qualifier VARCHAR,
    derived BOOLEAN NOT NULL DEFAULT false,
    extractor_version VARCHAR,
    PRIMARY KEY (report_id, field)
);

CREATE SEQUENCE corrections_seq START 1;
CREATE TABLE corrections (
    id BIGINT PRIMARY KEY DEFAULT nextval('corrections_seq'),
    report_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    old_value JSON,                   -- the effective value the reviewer replaced
    new_value JSON,
    "user" VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    reason VARCHAR
);

CREATE SEQUENCE review_queue_seq START 1;
CREATE TABLE review_queue (
    id BIGINT PRIMARY KEY DEFAULT nextval('review_queue_seq'),
    kind VARCHAR NOT NULL,            -- unmatched_agency | needs_review | error | not_a_report
    file_id VARCHAR,
    report_id VARCHAR,
    message VARCHAR NOT NULL,         -- Vietnamese
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by VARCHAR
);

CREATE SEQUENCE ingest_log_seq START 1;
CREATE TABLE ingest_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('ingest_log_seq'),
    created_at TIMESTAMP NOT NULL,
    file_id VARCHAR,
    original_name VARCHAR,
    sha256 VARCHAR,
    outcome VARCHAR NOT NULL,         -- loaded | duplicate | new_version | not_a_report | error | unmatched_agency
    status VARCHAR,
    message VARCHAR,
    detail VARCHAR,                   -- English, for the log
    report_id VARCHAR,
    "user" VARCHAR
);

CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    created_at TIMESTAMP NOT NULL,
    "user" VARCHAR NOT NULL,
    action VARCHAR NOT NULL,          -- load | correct | confirm | assign_agency | registry_import | create_user | set_role | ...
    target VARCHAR,
    detail JSON
);

-- The value every query shows: the latest correction when there is one (even a correction to
-- "no value"), else the extracted value. Later wins by correction id (ids follow commit order).
CREATE VIEW effective_values AS
WITH latest AS (
    SELECT *
    FROM corrections
    QUALIFY row_number() OVER (PARTITION BY report_id, field ORDER BY id DESC) = 1
)
SELECT
    coalesce(f.report_id, l.report_id) AS report_id,
    coalesce(f.field, l.field) AS field,
    CASE WHEN l.id IS NOT NULL THEN l.new_value ELSE f.value END AS value,
    f.value AS original_value,
    l.id IS NOT NULL AS corrected,
    l."user" AS corrected_by,
    l.created_at AS corrected_at,
    l.reason AS reason,
    f.quote,
    f.location,
    f."where",
    f.confidence,
    f.qualifier,
    coalesce(f.derived, false) AS derived
FROM field_values f
FULL OUTER JOIN latest l ON f.report_id = l.report_id AND f.field = l.field;

-- Current versions of placed reports with their file; first_received_at is when the first version
-- of the same agency and period arrived (a resubmission does not make a report late).
CREATE VIEW current_reports AS
SELECT
    r.*,
    f.received_at,
    f.original_name,
    f.uploaded_by,
    (
        SELECT min(f2.received_at)
        FROM reports r2
        JOIN files f2 ON f2.id = r2.file_id
        WHERE r2.agency_id = r.agency_id AND r2.year = r.year AND r2.period = r.period
    ) AS first_received_at
FROM reports r
JOIN files f ON f.id = r.file_id
WHERE r.is_current AND r.agency_id IS NOT NULL;
