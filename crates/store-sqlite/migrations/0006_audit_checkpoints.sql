-- An audit trail outsiders can check. Signed checkpoints of the chain head
-- (sequence number, head hash, time, key) are kept and published, so a
-- later truncation or rewrite of the chain is exposed by anyone holding a
-- copy. `coverage` records which tables the trail's snapshots cover: the
-- store records a baseline event for each row of a newly covered table once.
CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    at TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints(seq);
ALTER TABLE audit_head ADD COLUMN coverage INTEGER NOT NULL DEFAULT 1;
