// Delete Status statements the data files no longer state (with their HAS_STATUS edge).
// Parameters: $ids: the ids of every status the files state.
MATCH (s:Status)
WHERE NOT s.id IN $ids
DETACH DELETE s
RETURN 'Status' AS kind, count(*) AS removed
