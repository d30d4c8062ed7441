-- Corrections after import and publishing as a decision (issue 11).
-- A plan stays off the portal until the office publishes it; plans imported
-- before this release were already public and stay so.
ALTER TABLE plans ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE plans ADD COLUMN published_by TEXT;
UPDATE plans SET published_at = imported_at, published_by = 'system';
-- One row per correction of a plan or a problem: the fields it changed and
-- the reason the office gave. `public` = made after the plan was published,
-- so the portal shows it as history; corrections before publishing leave no
-- public trace.
CREATE TABLE corrections (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    public BOOLEAN NOT NULL
);
CREATE INDEX corrections_plan ON corrections(plan_id);
CREATE INDEX corrections_entity ON corrections(entity, entity_id);
