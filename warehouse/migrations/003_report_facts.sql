-- One typed row per report with the effective values the dashboard aggregates (a correction wins
-- over the extracted value), so period figures are computed in SQL over one row per report instead
-- of decoding every field value of a period in Python. Derived data: warehouse/facts.py refreshes a
-- report's row in the same transaction that writes its values or a correction, and fills the rows
-- of reports that were stored before this table existed. field_values and corrections stay the
-- record; this table can always be rebuilt from them.

CREATE TABLE report_facts (
    report_id VARCHAR PRIMARY KEY,
    posts_total DOUBLE,
    posts_per_month DOUBLE,               -- as stated in the report (NULL when not stated)
    press_conferences DOUBLE,
    spokesperson_name VARCHAR,
    spokesperson_title VARCHAR,
    training_requested BOOLEAN,
    recommendations VARCHAR[],
    training_topics VARCHAR[],
    -- Derived from the three fields above (warehouse.facts.training_requests): one entry per
    -- training theme a report asks for, with its evidence, and the other recommendations.
    training_requests STRUCT(topic VARCHAR, quote VARCHAR, "where" VARCHAR)[],
    other_recommendations VARCHAR[],
    press_conferences_quote VARCHAR,
    press_conferences_where VARCHAR,
    recommendations_where VARCHAR,
    training_topics_quote VARCHAR,
    training_topics_where VARCHAR,
    training_requested_quote VARCHAR,
    training_requested_where VARCHAR
);
