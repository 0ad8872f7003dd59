-- Users and collabs of an external OpenID Connect issuer live in their own namespace (security review C-1).

-- One row per person of an issuer, keyed by the token's sub (usernames can change at the issuer; sub cannot).
-- user_id is made once, at first sight, from the issuer's prefix (which holds a ':', never part of a local id) and
-- the username of that day, so it can never name or later become a local account.
CREATE TABLE IF NOT EXISTS nmpi_external_identities (
    issuer      text        NOT NULL,
    subject     text        NOT NULL,
    user_id     text        NOT NULL UNIQUE,
    username    text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- The collab ids whose roles an issuer's team claims may grant. A row is made when a team first names an id that no
-- local collab has (and local collab creation then refuses that id), or by an administrator linking a local collab.
CREATE TABLE IF NOT EXISTS nmpi_external_collabs (
    collab_id   text        PRIMARY KEY,
    issuer      text        NOT NULL,
    -- The external user whose token first named it, or the administrator who linked a local collab.
    claimed_by  text        NOT NULL,
    linked      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL
);
