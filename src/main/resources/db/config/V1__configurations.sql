-- The configuration kept in the database (--config postgres://... or MM_CONFIG), in Mattermost's
-- table: every saved version is a row; exactly one is active.
CREATE TABLE IF NOT EXISTS configurations (
    id        VARCHAR(26) PRIMARY KEY,
    value     TEXT        NOT NULL,
    create_at BIGINT      NOT NULL,
    active    BOOLEAN     NULL UNIQUE
);
