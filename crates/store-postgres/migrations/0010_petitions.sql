-- Petitions (信访件, issue 12): the inspectors' handover lists and the
-- hotlines' work orders, each file a batch; every petition followed to
-- closure (办结销号). Contacts are personal data: only the office and the
-- assigned unit read them; no public query selects them.
CREATE TABLE petition_batches (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- handover, hotline_12345, hotline_12369, portal
    source TEXT NOT NULL,
    handed_over_on DATE,
    file_name TEXT,
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE petitions (
    id BIGSERIAL PRIMARY KEY,
    -- 受理编号 / 工单编号 / the portal's tracking number
    code TEXT NOT NULL UNIQUE,
    batch_id BIGINT REFERENCES petition_batches(id),
    source TEXT NOT NULL,
    received_on DATE,
    area TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    -- further columns of the file, by header
    extra_json TEXT NOT NULL DEFAULT '{}',
    contact_name TEXT,
    contact_phone TEXT,
    unit_id BIGINT REFERENCES units(id),
    due_date DATE,
    -- received, handling, closed
    status TEXT NOT NULL DEFAULT 'received',
    verification TEXT,
    handling TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    public_reply TEXT NOT NULL DEFAULT '',
    -- 处理情况: the counts the plans report
    m_ordered BIGINT NOT NULL DEFAULT 0,
    m_penalty_cases BIGINT NOT NULL DEFAULT 0,
    m_fines_wan DOUBLE PRECISION NOT NULL DEFAULT 0,
    m_detained BIGINT NOT NULL DEFAULT 0,
    m_interviewed BIGINT NOT NULL DEFAULT 0,
    m_accountable BIGINT NOT NULL DEFAULT 0,
    closure_standard TEXT,
    problem_id BIGINT REFERENCES problems(id),
    -- the closed problem or petition this one matches (反弹), with why
    rebound_json TEXT,
    closed_by TEXT,
    reopen_reason TEXT,
    closed_at TIMESTAMPTZ,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX petitions_batch ON petitions(batch_id);
CREATE INDEX petitions_unit ON petitions(unit_id, status);
CREATE INDEX petitions_status_due ON petitions(status, due_date);
CREATE INDEX petitions_area_kind ON petitions(area, kind);
CREATE INDEX petitions_problem ON petitions(problem_id);

-- 回访: who called the petitioner back, when, and how satisfied they were.
CREATE TABLE petition_visits (
    id BIGSERIAL PRIMARY KEY,
    petition_id BIGINT NOT NULL REFERENCES petitions(id),
    visited_on DATE NOT NULL,
    visited_by TEXT NOT NULL,
    satisfaction TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX petition_visits_petition ON petition_visits(petition_id);

-- Evidence of the handling (and the photo sent with a portal complaint):
-- blobs in the evidence store, never public.
CREATE TABLE petition_attachments (
    id BIGSERIAL PRIMARY KEY,
    petition_id BIGINT NOT NULL REFERENCES petitions(id),
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    file_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX petition_attachments_petition ON petition_attachments(petition_id);

-- Staff decisions on suggested duplicate pairs, by code (a < b).
CREATE TABLE petition_decisions (
    id BIGSERIAL PRIMARY KEY,
    code_a TEXT NOT NULL,
    code_b TEXT NOT NULL,
    -- confirmed, rejected
    decision TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    UNIQUE (code_a, code_b)
);
