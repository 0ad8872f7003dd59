-- E-mail outbox: a message is queued here (one row per recipient) and a background sender in every silo
-- delivers it through SMTP. A row is sent once the SMTP server accepted it; after too many failed
-- attempts it is given up with the reason kept.

CREATE TABLE IF NOT EXISTS nmpi_mail_outbox (
    id               bigserial   PRIMARY KEY,
    -- What the message is about and for whom (e.g. job:42:ended:alice): the same event queued twice is one row.
    dedup_key        text        NOT NULL UNIQUE,
    -- job-started, job-ended, request-submitted, request-decided.
    kind             text        NOT NULL,
    recipient        text        NOT NULL,
    subject          text        NOT NULL,
    body             text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- When a sender may next try it; a sender that claims the row pushes it past its claim timeout.
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    sent_at          timestamptz,
    failed_at        timestamptz,
    last_error       text
);

CREATE INDEX IF NOT EXISTS nmpi_mail_outbox_due ON nmpi_mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
