// The status history of one entity, oldest first, and which statements hold on a day.
// A statement holds on D when it started on or before D (valid_from_date: its valid_from,
// or the date its source observed it) and has not ended before D (valid_to_date). Per
// facet the latest such start wins (condition, office); designations ('designation' =
// graph.schema.Facet.DESIGNATION) accumulate: every one open on D holds. Ties all hold,
// so disagreeing sources stay visible. Statements with no start never hold.
// Parameters: $id (entity id); $as_of (a date or "YYYY-MM-DD" string; null: today).
MATCH (:Entity {id: $id})-[:HAS_STATUS]->(s:Status)
WITH s, CASE WHEN $as_of IS NULL THEN date() ELSE date($as_of) END AS day
WITH s, day, coalesce(s.valid_from_date <= day AND coalesce(day <= s.valid_to_date, true),
                      false) AS open
WITH day, collect({s: s, open: open}) AS all
UNWIND all AS row
WITH day, row.s AS s, row.open AS open,
     reduce(latest = null, r IN all |
       CASE WHEN r.open AND r.s.facet = row.s.facet
                 AND (latest IS NULL OR r.s.valid_from_date > latest)
            THEN r.s.valid_from_date ELSE latest END) AS latest
RETURN properties(s) AS status,
       open AND (s.facet = 'designation' OR s.valid_from_date = latest) AS holds,
       day AS as_of
ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
