// Metadata of the sources with the given ids, for citations.
// Parameters: $ids (list of source ids).
MATCH (s:Source)
WHERE s.id IN $ids
RETURN s.id AS id, properties(s) AS props
