-- Users and login sessions for warehouse/auth.py. Only argon2id hashes are stored; session tokens
-- are stored as their sha256 so a copy of the database does not hand out live sessions.

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,            -- viewer | editor | admin
    full_name VARCHAR,
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
