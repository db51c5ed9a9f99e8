-- Failed logins kept in the database (issue 7/7), not in one server process's memory: every
-- process sees the same counts, an admin can clear them, and a restart does not forget them.
-- One row per account name (scope 'account', the name as typed, lower case, whether or not such
-- a user exists) and per client (scope 'client': the address the proxy saw, else the browser
-- session). ``failures`` counts wrong passwords in a row; from the fifth on, a new attempt waits
-- until ``blocked_until`` (1 minute, doubling up to 15: warehouse/auth.py). A right password
-- clears the account's row; a row quiet for a day is forgotten.
CREATE TABLE login_throttle (
    scope VARCHAR NOT NULL,           -- account | client
    key VARCHAR NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP,          -- NULL while under the allowed number of failures
    PRIMARY KEY (scope, key)
);

-- Clients that logged in to an account: the account's pause does not apply to them (an attacker
-- elsewhere cannot keep the admin out), only their own client's pause does.
CREATE TABLE login_known_clients (
    username VARCHAR NOT NULL,
    client VARCHAR NOT NULL,
    last_login_at TIMESTAMP NOT NULL,
    PRIMARY KEY (username, client)
);

-- The first admin's generated password must be changed at the first login (ensure_admin).
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false;
