-- One schema history for SQLite, MariaDB/MySQL and PostgreSQL.
-- Placeholders (set per database in application.properties):
--   ${id}       an auto-generated BIGINT primary key in the database's own syntax
--   ${options}  table options (MariaDB/MySQL: InnoDB, utf8mb4 with a binary collation, so that
--               names are compared exactly as stored, like SQLite and PostgreSQL do)
-- Times are epoch milliseconds (BIGINT): one portable type, compared and purged by plain numbers.
-- Enumerations are upper-case VARCHAR codes.

CREATE TABLE app_user (
    id            ${id},
    nickname      VARCHAR(32)  NOT NULL,
    email         VARCHAR(254),
    password_hash VARCHAR(255),
    kind          VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT uq_app_user_email UNIQUE (email)
) ${options};

-- The built-in owner of groups created without an account, as the original allowed.
-- It has no email and no password, so nobody can sign in as it.
INSERT INTO app_user (nickname, email, password_hash, kind, created_at)
VALUES ('Estimator', NULL, NULL, 'SYSTEM', 0);

CREATE TABLE estimation_group (
    id               ${id},
    name             VARCHAR(64)  NOT NULL,
    owner_id         BIGINT       NOT NULL,
    deck             VARCHAR(16)  NOT NULL,
    custom_deck      VARCHAR(400),
    reveal_mode      VARCHAR(16)  NOT NULL,
    issue_policy     VARCHAR(16)  NOT NULL,
    created_at       BIGINT       NOT NULL,
    last_activity_at BIGINT       NOT NULL,
    CONSTRAINT uq_estimation_group_name UNIQUE (name),
    CONSTRAINT fk_group_owner FOREIGN KEY (owner_id) REFERENCES app_user (id)
) ${options};

CREATE INDEX ix_group_activity ON estimation_group (last_activity_at);

CREATE TABLE membership (
    id        ${id},
    group_id  BIGINT      NOT NULL,
    user_id   BIGINT      NOT NULL,
    role      VARCHAR(16) NOT NULL,
    joined_at BIGINT      NOT NULL,
    CONSTRAINT uq_membership UNIQUE (group_id, user_id),
    CONSTRAINT fk_membership_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_membership_user ON membership (user_id);

CREATE TABLE invitation (
    id         ${id},
    group_id   BIGINT      NOT NULL,
    code_hash  VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    CONSTRAINT uq_invitation_code UNIQUE (code_hash),
    CONSTRAINT fk_invitation_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_invitation_group ON invitation (group_id);

-- Session tokens, personal API tokens and guest tokens; only a hash of each token is kept.
CREATE TABLE auth_token (
    id           ${id},
    user_id      BIGINT      NOT NULL,
    token_hash   VARCHAR(64) NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    name         VARCHAR(64),
    group_id     BIGINT,
    created_at   BIGINT      NOT NULL,
    expires_at   BIGINT      NOT NULL,
    CONSTRAINT uq_auth_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_auth_token_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
    CONSTRAINT fk_auth_token_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_auth_token_user ON auth_token (user_id);

CREATE TABLE issue (
    id             ${id},
    group_id       BIGINT        NOT NULL,
    story_ref      VARCHAR(32)   NOT NULL,
    description    VARCHAR(1000) NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    final_estimate VARCHAR(16),
    sort_order     INTEGER       NOT NULL,
    round_no       INTEGER       NOT NULL,
    timer_ends_at  BIGINT,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    CONSTRAINT fk_issue_group FOREIGN KEY (group_id) REFERENCES estimation_group (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_issue_group ON issue (group_id, sort_order);

-- One estimate per member per issue; deleted when the issue is locked or restarted.
CREATE TABLE estimate (
    id         ${id},
    issue_id   BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    card       VARCHAR(16) NOT NULL,
    created_at BIGINT      NOT NULL,
    updated_at BIGINT      NOT NULL,
    CONSTRAINT uq_estimate UNIQUE (issue_id, user_id),
    CONSTRAINT fk_estimate_issue FOREIGN KEY (issue_id) REFERENCES issue (id) ON DELETE CASCADE,
    CONSTRAINT fk_estimate_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_estimate_user ON estimate (user_id);
