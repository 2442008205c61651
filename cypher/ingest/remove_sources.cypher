// Delete Source nodes the data files no longer define, with any edge still attached.
// Parameters: $ids: list of source ids.
UNWIND $ids AS id
MATCH (s:Source {id: id})
DETACH DELETE s
RETURN count(*) AS written
