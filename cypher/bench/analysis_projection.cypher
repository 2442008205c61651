// The analysis benchmark's baseline (bench/analysis.py): every fact relationship between
// two entities as (source, target, type), the rows a projection for network analysis reads.
// Parameters: $types (the relationship types to read, from graph/schema.py FACT_TYPES).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN a.id AS source, b.id AS target, type(r) AS type
