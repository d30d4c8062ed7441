-- The 公示 notice and objections a citizen can follow (issue 10).
-- A plan's notice wording and contacts, set by the office (one row a plan).
CREATE TABLE notice_settings (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL UNIQUE REFERENCES plans(id),
    title TEXT,
    receiver TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    issuer TEXT,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- The notice issued when 公示 starts, one per approved public_notice step;
-- never updated. `body_json` holds the parts (rectify_domain::notice::Notice).
CREATE TABLE public_notices (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    signoff_id BIGINT NOT NULL UNIQUE REFERENCES signoff_steps(id),
    title TEXT NOT NULL,
    body_json TEXT NOT NULL,
    notice_start DATE NOT NULL,
    notice_end DATE NOT NULL,
    workdays BIGINT NOT NULL,
    issuer TEXT NOT NULL,
    issued_on DATE NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX public_notices_problem ON public_notices (problem_id, id);
-- An objection's public reference number (异议受理编号) and a key of the
-- client address it came from (SHA-256, for the throttle only).
ALTER TABLE objections ADD COLUMN reference TEXT;
ALTER TABLE objections ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX objections_reference ON objections (reference);
CREATE INDEX objections_client_recent ON objections (client_key, created_at);
CREATE INDEX objections_problem_recent ON objections (problem_id, created_at);
