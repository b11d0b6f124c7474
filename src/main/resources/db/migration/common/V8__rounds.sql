-- Asynchronous rounds: a round may have a deadline (epoch milliseconds) at which it closes and is
-- revealed by itself, on exactly one instance (a conditional update decides).
ALTER TABLE issue ADD COLUMN deadline_at BIGINT;
CREATE INDEX ix_issue_deadline ON issue (deadline_at);

-- The record of what was decided: when the issue's first card was given (in any round) and when it
-- was locked, so the group's history shows how long estimating took.
ALTER TABLE issue ADD COLUMN first_card_at BIGINT;
ALTER TABLE issue ADD COLUMN locked_at BIGINT;

-- Auto-reveal: a round reveals itself when every voter has given a card (off by default).
ALTER TABLE estimation_group ADD COLUMN auto_reveal INTEGER NOT NULL DEFAULT 0;
