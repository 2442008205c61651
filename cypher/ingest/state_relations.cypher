// Every relationship that starts at an entity and carries an id (HAS_STATUS goes with its
// Status), grouped by its start: one record per entity is several times cheaper for the
// driver than one per relationship. Each item: [id, type, end id, the hash the ingest wrote
// (null when written another way), owned (false when a bulk load or an FtM import wrote
// it)].
// Parameters: none.
MATCH (a:Entity)
RETURN a.id AS from, COLLECT {
  MATCH (a)-[r]->(b)
  WHERE r.id IS NOT NULL AND NOT r:HAS_STATUS
  RETURN [r.id, type(r), b.id, r.ingest_hash,
          r.bulk_load IS NULL AND (r.ingest_hash IS NOT NULL OR r.ftm_dataset IS NULL)]
} AS relations
