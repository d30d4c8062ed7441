-- The inspection a plan answers (督察: level, team, round, stationed and
-- feedback dates). Plans of one inspection (a city's and its districts')
-- share one row.
CREATE TABLE inspections (
    id BIGSERIAL PRIMARY KEY,
    level TEXT,
    team TEXT,
    round TEXT,
    stationed_from DATE,
    stationed_to DATE,
    feedback_date DATE
);
ALTER TABLE plans ADD COLUMN inspection_id BIGINT REFERENCES inspections(id);
