// Every status statement with the day it should hold on: its as-of start, else (when no
// end is known) the day its source observed it; null for a statement known only to have
// ended by some day ("former"), which no day can place. An "as of" that day must return it
// (tests/api/test_status_starts.py).
// Parameters: none.
MATCH (e:Entity)-[:HAS_STATUS]->(s:Status)
RETURN e.id AS entity, s.id AS status, s.status AS name, s.ended AS ended,
       coalesce(s.valid_from_date, CASE WHEN s.valid_to_date IS NULL THEN s.observed END) AS day
ORDER BY entity, status
