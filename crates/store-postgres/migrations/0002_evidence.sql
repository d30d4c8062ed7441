-- Evidence (证据材料). The files themselves live in the evidence store (local
-- directory or S3), keyed by their SHA-256; the ledger records each blob once
-- and which problem (and progress report) each file supports.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE problem_attachments (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    report_id BIGINT REFERENCES progress_reports(id),
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    file_name TEXT NOT NULL,
    -- photo, acceptance, monitoring, other
    kind TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX problem_attachments_problem ON problem_attachments(problem_id);
CREATE INDEX problem_attachments_sha256 ON problem_attachments(sha256);
CREATE UNIQUE INDEX problem_attachments_once
    ON problem_attachments(problem_id, COALESCE(report_id, 0), sha256);
