// Delete curated nodes (entities and sources) the data files no longer define.
// Parameters: $ids: the ids of every entity and source the files define.
MATCH (n)
WHERE (n:Entity OR n:Source) AND NOT n.id IN $ids
WITH n, CASE WHEN n:Source THEN 'Source' ELSE n.type END AS kind
DETACH DELETE n
RETURN kind, count(*) AS removed
