// Take an FtM import off nodes (entities, sources, status statements): the citations it
// added go (a status's HAS_STATUS edge alike), its name leaves ftm_dataset (the property
// goes when empty), and a node only imports made (no ingest_hash) that no other import
// names is deleted with its edges.
// Parameters: $name: the import's name; $rows: list of {id, drop: [source ids]}.
UNWIND $rows AS row
OPTIONAL MATCH (e:Entity {id: row.id})
OPTIONAL MATCH (s:Source {id: row.id})
OPTIONAL MATCH (t:Status {id: row.id})
WITH row, coalesce(e, s, t) AS n
WHERE n IS NOT NULL AND $name IN coalesce(n.ftm_dataset, [])
WITH row, n, [d IN n.ftm_dataset WHERE d <> $name] AS rest,
     [i IN range(0, size(coalesce(n.sources, [])) - 1) WHERE NOT n.sources[i] IN row.drop] AS keep
SET n.ftm_dataset = CASE WHEN size(rest) = 0 THEN null ELSE rest END
FOREACH (_ IN CASE WHEN n.sources IS NOT NULL THEN [1] ELSE [] END |
  SET n.sources = [i IN keep | n.sources[i]])
FOREACH (_ IN CASE WHEN n.evidence IS NOT NULL THEN [1] ELSE [] END |
  SET n.evidence = [i IN keep | n.evidence[i]],
      n.evidence_kinds = [i IN keep | n.evidence_kinds[i]])
WITH row, n, rest, keep
OPTIONAL MATCH (:Entity)-[h:HAS_STATUS]->(n)
FOREACH (_ IN CASE WHEN h IS NOT NULL THEN [1] ELSE [] END |
  SET h.sources = [i IN keep | h.sources[i]],
      h.evidence = [i IN keep | h.evidence[i]],
      h.evidence_kinds = [i IN keep | h.evidence_kinds[i]],
      h.ftm_dataset = CASE WHEN size(rest) = 0 THEN null ELSE rest END)
WITH DISTINCT n, size(rest) = 0 AND n.ingest_hash IS NULL AS gone
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DETACH DELETE n)
RETURN count(*) AS written
