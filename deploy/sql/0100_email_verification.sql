-- E-mail addresses are verified before mail goes to them (security review L-4): an address a user sets is stored
-- unverified, and one message with a single-use code goes to it; only verified addresses get job and request mail.

-- NULL while the address is unverified; cleared whenever the address changes. Addresses stored before this
-- migration start unverified (any of them may have been set to someone else's address); the configured users'
-- addresses are verified again by the seeder at the next start (the operator wrote them).
ALTER TABLE nmpi_users ADD COLUMN IF NOT EXISTS email_verified_at timestamptz;

-- The one outstanding code per user, for the address it was sent to. Only its SHA-256 is stored; a new code replaces
-- the old one, and a used code is deleted.
CREATE TABLE IF NOT EXISTS nmpi_email_verifications (
    user_id     text        PRIMARY KEY,
    email       text        NOT NULL,
    code_hash   bytea       NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- When the last code was sent: the next one waits for the resend interval.
    sent_at     timestamptz NOT NULL
);
