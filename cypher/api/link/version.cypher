// A cheap version of the names in the graph: the entity count and the total length of their
// search keys. An ingest that adds, removes or renames an entity changes it.
// Parameters: none.
MATCH (n:Entity)
RETURN toString(count(n)) + ':' + toString(sum(size(coalesce(n.search_text, '')))) AS version
