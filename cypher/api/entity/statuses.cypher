// The status history of one entity, oldest first: every (:Status) statement linked by
// HAS_STATUS, with its dates, sources and evidence. Which of them hold on a day is
// graph/statuses.py (the API and the tests use that one rule).
// Parameters: $id (entity id).
MATCH (:Entity {id: $id})-[:HAS_STATUS]->(s:Status)
RETURN properties(s) AS status
ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
