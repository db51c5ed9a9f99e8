-- Issue 6/7, item 5: a user's unit next to the full name (shown as "Họ tên (đơn vị)" wherever an
-- action is credited), and notes an official keeps per agency and period ("đã gọi nhắc ngày …").
ALTER TABLE users ADD COLUMN unit VARCHAR;

CREATE SEQUENCE agency_notes_seq;
CREATE TABLE agency_notes (
    id BIGINT PRIMARY KEY DEFAULT nextval('agency_notes_seq'),
    agency_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);
CREATE INDEX agency_notes_period ON agency_notes (agency_id, year, period);
