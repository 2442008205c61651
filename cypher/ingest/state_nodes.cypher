// What the graph holds now, for the ingest to compare with the files: every entity, source
// and status statement with its id, its kind, the hash of the properties the ingest wrote
// (null when written another way) and whether the curated ingest owns it (a bulk load's
// nodes carry `bulk_load` and are left to `kg bulk`; what an FtM import made carries
// `ftm_dataset` and no hash, and is left to `kg import-ftm --remove`).
// Parameters: none.
MATCH (n:Entity)
RETURN n.id AS id, n.type AS kind, n.ingest_hash AS hash, n.bulk_load IS NULL
  AND (n.ingest_hash IS NOT NULL OR n.ftm_dataset IS NULL) AS owned
UNION ALL
MATCH (s:Source)
RETURN s.id AS id, 'Source' AS kind, s.ingest_hash AS hash, s.bulk_load IS NULL
  AND (s.ingest_hash IS NOT NULL OR s.ftm_dataset IS NULL) AS owned
UNION ALL
MATCH (s:Status)
RETURN s.id AS id, 'Status' AS kind, s.ingest_hash AS hash, s.bulk_load IS NULL
  AND (s.ingest_hash IS NOT NULL OR s.ftm_dataset IS NULL) AS owned
