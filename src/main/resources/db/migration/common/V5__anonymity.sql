-- The anonymity promise holds per round, whatever changes later.
-- issue.round_reveal_mode: the reveal style a round's first card was given under (NULL while the
-- round has no card); a later switch of the group's style never names cards given anonymously.
ALTER TABLE issue ADD COLUMN round_reveal_mode VARCHAR(16);

-- estimation_group.review_min_cards: the review (aggregate) is shown only from this many cards, so
-- that the smallest rounds cannot be read by difference.
ALTER TABLE estimation_group ADD COLUMN review_min_cards INTEGER NOT NULL DEFAULT 3;

-- membership.joined_seq: the group's event id at which the member joined; a stream never replays
-- events from before it. membership.online: whether the member is shown online (presence is
-- announced on a common tick, not at the moment a stream opens or closes).
ALTER TABLE membership ADD COLUMN joined_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE membership ADD COLUMN online INTEGER NOT NULL DEFAULT 0;

-- presence.since: when this instance's first open stream of the user in the group opened; a row
-- with streams = 0 remembers (in seen_at) when the last one closed, until the tick has announced it.
ALTER TABLE presence ADD COLUMN since BIGINT NOT NULL DEFAULT 0;

-- Rounds that already hold cards were given under a promise this schema did not record: the
-- stricter one is assumed.
UPDATE issue SET round_reveal_mode = 'ANONYMOUS' WHERE id IN (SELECT issue_id FROM estimate);
