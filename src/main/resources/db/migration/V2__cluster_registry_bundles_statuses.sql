-- Cluster: the nodes, the expected SHA-256 of each stored bundle, and each node's plugin statuses.
-- Times are milliseconds since the epoch, as in V1.
CREATE TABLE cluster_nodes (
    id         VARCHAR(64)  PRIMARY KEY,
    address    VARCHAR(255) NOT NULL,
    version    VARCHAR(64)  NOT NULL,
    started_at BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL
);

-- Written by the node that stores or removes a bundle; every node checks the stored bundle against it.
CREATE TABLE plugin_bundles (
    plugin_id  VARCHAR(190) PRIMARY KEY,
    sha256     VARCHAR(64)  NOT NULL,
    version    VARCHAR(64)  NOT NULL,
    updated_at BIGINT       NOT NULL
);

-- What each node runs, published after each of its reconcile passes.
CREATE TABLE plugin_statuses (
    node_id       VARCHAR(64)   NOT NULL,
    plugin_id     VARCHAR(190)  NOT NULL,
    state         INT           NOT NULL,
    version       VARCHAR(64)   NOT NULL,
    sha256        VARCHAR(64),
    error         VARCHAR(4000) NOT NULL,
    reconciled_at BIGINT        NOT NULL,
    managed       BOOLEAN       NOT NULL,
    name          VARCHAR(255)  NOT NULL,
    description   VARCHAR(1000) NOT NULL,
    plugin_path   VARCHAR(1000) NOT NULL,
    PRIMARY KEY (node_id, plugin_id)
);
