-- Look-back campaigns (回头看): signed-off problems selected for
-- re-verification; a rebound (反弹) reopens the problem.
CREATE TABLE lookback_campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT,
    -- The selection as given (plan, ids, every nth or a seeded sample), so a
    -- sample can be reproduced and checked.
    selection_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE lookback_items (
    campaign_id INTEGER NOT NULL REFERENCES lookback_campaigns(id),
    problem_id INTEGER NOT NULL REFERENCES problems(id),
    -- A ledger-wide number, the item's id in the audit trail (assigned by
    -- the store under the audit-head lock).
    id INTEGER NOT NULL UNIQUE,
    -- pending, confirmed, rebound
    result TEXT NOT NULL DEFAULT 'pending',
    checked_by TEXT,
    checked_at TEXT,
    comment TEXT,
    PRIMARY KEY (campaign_id, problem_id)
);
CREATE INDEX lookback_items_problem ON lookback_items(problem_id);
