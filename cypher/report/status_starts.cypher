// Every status statement with the day it should hold on: its as-of start, else the day its
// source observed it. An "as of" that day must return it (tests/api/test_status_starts.py).
// Parameters: none.
MATCH (e:Entity)-[:HAS_STATUS]->(s:Status)
RETURN e.id AS entity, s.id AS status, s.status AS name,
       coalesce(s.valid_from_date, s.observed) AS day
ORDER BY entity, status
