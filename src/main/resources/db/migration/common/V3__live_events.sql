-- Live groups: every change of a group is also an event in the group's log, written in the same
-- transaction as the change, so an event exists if and only if its change committed.
-- estimation_group.event_seq is the id of the group's last event; the transaction that writes an
-- event holds the group's row lock until it commits, so ids commit in order within a group.
ALTER TABLE estimation_group ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE group_event (
    group_id   BIGINT      NOT NULL,
    seq        BIGINT      NOT NULL,
    type       VARCHAR(32) NOT NULL,
    data       TEXT        NOT NULL,
    created_at BIGINT      NOT NULL,
    CONSTRAINT pk_group_event PRIMARY KEY (group_id, seq),
    CONSTRAINT fk_group_event_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_group_event_created ON group_event (created_at);

-- Who has a stream open, per instance: a member with two tabs counts once, on any instance.
-- Each instance refreshes seen_at of its rows; rows of an instance that stopped refreshing are
-- stale and are removed by whichever instance notices first.
CREATE TABLE presence (
    group_id    BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    instance_id VARCHAR(36) NOT NULL,
    streams     INTEGER     NOT NULL,
    seen_at     BIGINT      NOT NULL,
    CONSTRAINT pk_presence PRIMARY KEY (group_id, user_id, instance_id),
    CONSTRAINT fk_presence_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_presence_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_presence_user ON presence (user_id);
CREATE INDEX ix_presence_instance ON presence (instance_id);

-- Round timers end by themselves: the instance that clears timer_ends_at announces the end.
CREATE INDEX ix_issue_timer ON issue (timer_ends_at);
