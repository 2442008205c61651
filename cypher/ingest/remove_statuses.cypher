// Delete Status statements the data files no longer state (with their HAS_STATUS edge).
// Parameters: $ids: list of status ids.
UNWIND $ids AS id
MATCH (s:Status {id: id})
DETACH DELETE s
RETURN count(*) AS written
