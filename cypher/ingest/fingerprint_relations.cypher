// Every curated relationship (HAS_STATUS included) with its endpoints and properties,
// for a fingerprint.
// Parameters: none.
MATCH (a)-[r]->(b) WHERE (a:Entity OR a:Source) AND (b:Entity OR b:Source OR b:Status)
RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props
ORDER BY start, type, end, props.id
