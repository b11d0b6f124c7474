-- A group's connection to its tracker (Jira, GitHub, GitLab): at most one per group. The token is
-- stored only encrypted with the server's key (see tracker.SecretBox); saved_by is the owner who
-- saved it, and the connection works only while that member owns the group.
CREATE TABLE tracker (
    id            ${id},
    group_id      BIGINT        NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    base_url      VARCHAR(500)  NOT NULL,
    project       VARCHAR(200)  NOT NULL,
    issue_filter  VARCHAR(1000),
    milestone     VARCHAR(100),
    email         VARCHAR(254),
    token_secret  VARCHAR(2000) NOT NULL,
    points_field  VARCHAR(64),
    add_comment   INTEGER       NOT NULL,
    saved_by      BIGINT        NOT NULL,
    saved_at      BIGINT        NOT NULL,
    CONSTRAINT uq_tracker_group UNIQUE (group_id),
    CONSTRAINT fk_tracker_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_tracker_user FOREIGN KEY (saved_by) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};

-- An issue imported through a connection remembers it and the tracker's own key for the issue
-- (PROJ-12, or the number of a GitHub/GitLab issue); a replaced connection gets a new id, so issues
-- of the old one are no longer written back.
ALTER TABLE issue ADD COLUMN tracker_id BIGINT;
ALTER TABLE issue ADD COLUMN tracker_key VARCHAR(64);

-- A final estimate to be written back to the issue's tracker: one row per issue (a later lock
-- replaces it). state: PENDING (next_at says when), DONE, FAILED (message says why; retried by
-- hand). claimed_until lets one instance at a time write it.
CREATE TABLE tracker_writeback (
    issue_id      BIGINT       NOT NULL PRIMARY KEY,
    group_id      BIGINT       NOT NULL,
    tracker_id    BIGINT       NOT NULL,
    tracker_key   VARCHAR(64)  NOT NULL,
    card          VARCHAR(16)  NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    attempts      INTEGER      NOT NULL,
    next_at       BIGINT       NOT NULL,
    claimed_until BIGINT       NOT NULL,
    message       VARCHAR(500),
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT fk_writeback_issue FOREIGN KEY (issue_id) REFERENCES issue (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_writeback_due ON tracker_writeback (state, next_at);
