// Take an FtM import off relationships: the citations it added go, its name leaves
// ftm_dataset (the property goes when empty), and an edge only imports stated (no
// ingest_hash) that no other import names is deleted. Found from its start (index seek).
// Parameters: $name: the import's name; $rows: list of {id, from, drop: [source ids]}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
CALL (a, row) {
  MATCH (a)-[r]->()
  WHERE r.id = row.id AND $name IN coalesce(r.ftm_dataset, [])
  RETURN r
}
WITH r, row, [d IN r.ftm_dataset WHERE d <> $name] AS rest,
     [i IN range(0, size(r.sources) - 1) WHERE NOT r.sources[i] IN row.drop] AS keep
SET r.sources = [i IN keep | r.sources[i]],
    r.evidence = [i IN keep | r.evidence[i]],
    r.evidence_kinds = [i IN keep | r.evidence_kinds[i]],
    r.ftm_dataset = CASE WHEN size(rest) = 0 THEN null ELSE rest END
WITH r, size(rest) = 0 AND r.ingest_hash IS NULL AS gone
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DELETE r)
RETURN count(*) AS written
