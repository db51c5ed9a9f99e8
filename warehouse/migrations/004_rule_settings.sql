-- Thresholds of the compliance rules changed in the app, beside the defaults of rules.toml (never
-- over them). Append-only: every change is a row with who, when and why; the threshold in force
-- for an agency type and a year is the newest change whose from_year is the highest one not after
-- that year, else rules.toml. A NULL threshold restores rules.toml's value from from_year on.

CREATE SEQUENCE rule_settings_seq START 1;
CREATE TABLE rule_settings (
    id BIGINT PRIMARY KEY DEFAULT nextval('rule_settings_seq'),
    rule_id VARCHAR NOT NULL,
    agency_type VARCHAR NOT NULL,
    from_year INTEGER NOT NULL,
    threshold DOUBLE,                 -- NULL: back to the rules.toml value
    previous DOUBLE,                  -- the threshold in force for from_year before this change
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
);
