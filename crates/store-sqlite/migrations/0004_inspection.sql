-- The inspection a plan answers (督察: level, team, round, stationed and
-- feedback dates). Plans of one inspection (a city's and its districts')
-- share one row.
CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    level TEXT,
    team TEXT,
    round TEXT,
    stationed_from TEXT,
    stationed_to TEXT,
    feedback_date TEXT
);
ALTER TABLE plans ADD COLUMN inspection_id INTEGER REFERENCES inspections(id);
