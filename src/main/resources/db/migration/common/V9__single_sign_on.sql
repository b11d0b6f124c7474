-- An account's identities at the single sign-on provider: the provider's issuer and its subject (its
-- permanent id for the person). A sign-in through the provider finds the account by these.
CREATE TABLE user_identity (
    id         ${id},
    user_id    BIGINT       NOT NULL,
    issuer     VARCHAR(300) NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    created_at BIGINT       NOT NULL,
    CONSTRAINT uq_user_identity UNIQUE (issuer, subject),
    CONSTRAINT fk_user_identity_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};

CREATE INDEX ix_user_identity_user ON user_identity (user_id);

-- A sign-in through the provider whose verified email belongs to an account with a password: it is
-- linked once the person gives that password (within ten minutes), never silently. Only a hash of the
-- browser's token is kept.
CREATE TABLE sso_pending (
    token_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id    BIGINT       NOT NULL,
    issuer     VARCHAR(300) NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    expires_at BIGINT       NOT NULL,
    CONSTRAINT fk_sso_pending_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ${options};
