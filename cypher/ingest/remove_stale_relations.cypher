// Delete curated relationships the data files no longer state.
// Parameters: $ids: the ids of every relationship the files state.
MATCH (a)-[r]->(b)
WHERE (a:Entity OR a:Source) AND (b:Entity OR b:Source) AND NOT r.id IN $ids
DELETE r
RETURN type(r) AS kind, count(*) AS removed
