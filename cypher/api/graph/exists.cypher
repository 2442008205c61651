// Which of the given entity ids exist (to tell a 404 from an empty answer).
// Parameters: $ids (list of entity ids).
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id
