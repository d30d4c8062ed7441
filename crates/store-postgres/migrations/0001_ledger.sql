-- The ledger (台账) on PostgreSQL: the same tables and columns as the SQLite
-- migration, with native DATE, TIMESTAMPTZ and BOOLEAN types.
CREATE TABLE plans (
    id BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    jurisdiction TEXT,
    doc_number TEXT,
    issue_date DATE,
    declared_problem_count BIGINT,
    parent_plan_id BIGINT REFERENCES plans(id),
    source_file TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    notice_workdays BIGINT NOT NULL DEFAULT 5,
    warnings_json TEXT NOT NULL DEFAULT '[]',
    extras_json TEXT NOT NULL DEFAULT '{}',
    imported_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX plans_title ON plans(title, COALESCE(jurisdiction, ''));

CREATE TABLE categories (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    seq BIGINT NOT NULL,
    title TEXT NOT NULL,
    UNIQUE(plan_id, seq)
);

CREATE TABLE units (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- Units are renamed in institutional reforms (市环境保护局 → 市生态环境局):
-- every known name, normalized, points at one unit.
CREATE TABLE unit_aliases (
    alias TEXT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id)
);

CREATE TABLE problems (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    category_id BIGINT REFERENCES categories(id),
    seq BIGINT NOT NULL,
    parent_seq BIGINT,
    number_text TEXT NOT NULL,
    description TEXT NOT NULL,
    target TEXT,
    deadline_text TEXT NOT NULL,
    due_date DATE,
    immediate BOOLEAN NOT NULL,
    ongoing BOOLEAN NOT NULL,
    milestones_json TEXT NOT NULL,
    status TEXT NOT NULL,
    source_first_line BIGINT,
    source_last_line BIGINT,
    reopened BOOLEAN NOT NULL DEFAULT FALSE,
    search_text TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX problems_number ON problems(plan_id, COALESCE(parent_seq, 0), seq);
CREATE INDEX problems_status ON problems(status);
CREATE INDEX problems_due ON problems(due_date);

CREATE TABLE problem_units (
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    note TEXT,
    seq BIGINT NOT NULL,
    PRIMARY KEY (problem_id, unit_id, role)
);
CREATE INDEX problem_units_unit ON problem_units(unit_id);

-- Leaders, responsible persons and liaisons named on a problem.
CREATE TABLE problem_people (
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    kind TEXT NOT NULL,
    seq BIGINT NOT NULL,
    name TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (problem_id, kind, seq)
);
CREATE INDEX problem_people_name ON problem_people(kind, name);

CREATE TABLE measures (
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    seq BIGINT NOT NULL,
    text TEXT NOT NULL,
    units_json TEXT NOT NULL DEFAULT '[]',
    deadline_json TEXT,
    PRIMARY KEY (problem_id, seq)
);

CREATE TABLE progress_reports (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    period TEXT NOT NULL,
    percent BIGINT NOT NULL,
    text TEXT NOT NULL,
    measure_status_json TEXT NOT NULL DEFAULT '[]',
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    review_comment TEXT,
    reviewed_by TEXT,
    UNIQUE(problem_id, period)
);

CREATE TABLE signoff_steps (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    step TEXT NOT NULL,
    decision TEXT NOT NULL,
    comment TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    notice_start DATE,
    notice_end DATE
);
CREATE INDEX signoff_steps_problem ON signoff_steps(problem_id);

CREATE TABLE objections (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    text TEXT NOT NULL,
    contact TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    resolution TEXT,
    resolved_by TEXT
);

CREATE TABLE escalations (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT REFERENCES problems(id),
    unit_id BIGINT REFERENCES units(id),
    kind TEXT NOT NULL,
    date DATE NOT NULL,
    doc_number TEXT,
    note TEXT,
    created_by TEXT NOT NULL
);

CREATE TABLE warnings (
    id BIGSERIAL PRIMARY KEY,
    problem_id BIGINT NOT NULL REFERENCES problems(id),
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    raised_at TIMESTAMPTZ NOT NULL,
    acknowledged_by TEXT,
    resolved_at TIMESTAMPTZ
);
CREATE INDEX warnings_open ON warnings(status, problem_id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    person TEXT,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ
);
CREATE TABLE user_units (
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (user_id, unit_id)
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE calendar_overrides (
    date DATE PRIMARY KEY,
    is_workday BOOLEAN NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    -- text, not TIMESTAMPTZ: the hash covers the exact string
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id);
-- One row: the chain head. Every write transaction updates it first, which
-- serializes writers and gives the chain one order on both backends.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
