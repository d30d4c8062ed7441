-- Sign-off an office can defend. Evidence can be marked public (shown on the
-- portal during and after the notice) or withdrawn with a reason (the row and
-- the stored file stay); each plan sets its own completion criteria for
-- 自查自验; a report filed by the office on a unit's written request (代报)
-- records that request.
ALTER TABLE problem_attachments ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE problem_attachments ADD COLUMN removed_at TEXT;
ALTER TABLE problem_attachments ADD COLUMN removed_by TEXT;
ALTER TABLE problem_attachments ADD COLUMN removal_reason TEXT;
ALTER TABLE plans ADD COLUMN signoff_min_percent INTEGER NOT NULL DEFAULT 100;
ALTER TABLE plans ADD COLUMN signoff_min_evidence INTEGER NOT NULL DEFAULT 1;
ALTER TABLE progress_reports ADD COLUMN on_behalf_request TEXT;
