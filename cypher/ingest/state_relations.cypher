// Every relationship that starts at an entity and carries an id (HAS_STATUS goes with its
// Status), with its ends, the hash the ingest wrote (null when written another way) and
// whether the curated ingest owns it (not when a bulk load wrote it).
// Parameters: none.
MATCH (a:Entity)-[r]->(b)
WHERE r.id IS NOT NULL AND NOT r:HAS_STATUS
RETURN r.id AS id, type(r) AS kind, a.id AS from, b.id AS to, r.ingest_hash AS hash,
       r.bulk_load IS NULL AS owned
