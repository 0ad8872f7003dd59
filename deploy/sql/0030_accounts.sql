-- Accounts: users, collabs and their members, personal access tokens, provider API keys and the keys
-- that sign the gateway's own bearer tokens. Secrets are never stored: tokens and API keys as SHA-256
-- of their text, passwords as a salted, slow hash (the format is written by the password hasher).

CREATE TABLE IF NOT EXISTS nmpi_users (
    -- The username: lower-case letters, digits, '.', '_' and '-'; also the job's user_id.
    user_id        text        PRIMARY KEY,
    email          text,
    display_name   text,
    -- NULL when the user signs in only through the external identity provider or with tokens.
    password_hash  text,
    admin          boolean     NOT NULL DEFAULT false,
    -- The user's choice: e-mail when a job of theirs starts and ends.
    job_mails      boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    disabled_at    timestamptz
);

CREATE TABLE IF NOT EXISTS nmpi_collabs (
    collab_id    text        PRIMARY KEY,
    title        text        NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    -- Set for the private-<username> collab every user has; such a collab has that one member.
    private_for  text        UNIQUE
);

CREATE TABLE IF NOT EXISTS nmpi_collab_members (
    collab_id  text        NOT NULL REFERENCES nmpi_collabs (collab_id) ON DELETE CASCADE,
    user_id    text        NOT NULL,
    -- 1 viewer (reads), 2 editor (submits), 3 administrator (manages members).
    role       smallint    NOT NULL CHECK (role BETWEEN 1 AND 3),
    added_by   text        NOT NULL,
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (collab_id, user_id)
);

CREATE INDEX IF NOT EXISTS nmpi_collab_members_user ON nmpi_collab_members (user_id);

-- Long-lived personal access tokens (and the tokens listed in configuration, seeded here at start).
CREATE TABLE IF NOT EXISTS nmpi_access_tokens (
    token_hash  bytea       PRIMARY KEY,
    user_id     text        NOT NULL,
    label       text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE INDEX IF NOT EXISTS nmpi_access_tokens_user ON nmpi_access_tokens (user_id);

-- One key per site adapter, scoped to platforms; shown once at creation, revocable and rotatable.
-- key_id is the middle part of a generated key (nmpk_<key_id>_<secret>), or 'cfg-' and a hash of a key listed
-- in configuration (Nmpi:Auth:AdapterKeys, seeded here by the gateways); the secret itself is never stored.
CREATE TABLE IF NOT EXISTS nmpi_provider_keys (
    key_id       text        PRIMARY KEY,
    key_hash     bytea       NOT NULL UNIQUE,
    site         text        NOT NULL,
    platforms    text[]      NOT NULL,
    label        text        NOT NULL DEFAULT '',
    -- 'config' for a key seeded from configuration.
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    -- Written at most once a minute per key.
    last_used_at timestamptz,
    -- The key stops working at this instant; later than now while a rotation's grace period runs.
    revoked_at   timestamptz,
    -- Set on the key a rotation replaced.
    replaced_by  text
);

-- The secrets that sign the gateway's bearer tokens, shared by every gateway through the database.
CREATE TABLE IF NOT EXISTS nmpi_signing_keys (
    key_id      text        PRIMARY KEY,
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);
