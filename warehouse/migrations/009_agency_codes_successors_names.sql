-- The registry of the 2025 reform (issue 15): official codes, successors and former names.
-- code: the unit's code in the national list (QĐ 19/2025/QĐ-TTg, e.g. '13384' for a commune);
-- NULL for departments and units outside that list.
-- successor: id of the agency that took over when this one ended (a unit ending 30/6/2025).
ALTER TABLE agencies ADD COLUMN code VARCHAR;
ALTER TABLE agencies ADD COLUMN successor VARCHAR;

-- Names an agency had before its current one: each was in use up to and including valid_to, so a
-- period is shown under the earliest name still in use on its last day ("UBND huyện Kim Bảng"
-- for 2020, not the later "thị xã").
CREATE TABLE agency_names (
    agency_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    valid_to DATE NOT NULL,
    PRIMARY KEY (agency_id, valid_to)
);
