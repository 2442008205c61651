// Nodes the graph held before an FtM import that the import names: its name joins their
// ftm_dataset, and the sources it adds are appended to their `sources` (entities), with
// their evidence (status statements, and their HAS_STATUS edge). Only what was not cited
// yet is passed (the importer compared), so a later removal takes exactly this away.
// Parameters: $name: the import's name; $rows: list of {id, sources, evidence, kinds}.
UNWIND $rows AS row
OPTIONAL MATCH (e:Entity {id: row.id})
OPTIONAL MATCH (s:Source {id: row.id})
OPTIONAL MATCH (t:Status {id: row.id})
WITH row, coalesce(e, s, t) AS n, t
SET n.ftm_dataset = coalesce(n.ftm_dataset, [])
    + CASE WHEN $name IN coalesce(n.ftm_dataset, []) THEN [] ELSE [$name] END
FOREACH (_ IN CASE WHEN size(row.sources) > 0 AND t IS NULL AND NOT n:Source THEN [1] ELSE [] END |
  SET n.sources = coalesce(n.sources, []) + row.sources)
FOREACH (_ IN CASE WHEN size(row.sources) > 0 AND t IS NOT NULL THEN [1] ELSE [] END |
  SET t.sources = t.sources + row.sources, t.evidence = t.evidence + row.evidence,
      t.evidence_kinds = t.evidence_kinds + row.kinds)
WITH row, t
OPTIONAL MATCH (:Entity)-[h:HAS_STATUS]->(t)
FOREACH (_ IN CASE WHEN h IS NOT NULL AND size(row.sources) > 0 THEN [1] ELSE [] END |
  SET h.sources = h.sources + row.sources, h.evidence = h.evidence + row.evidence,
      h.evidence_kinds = h.evidence_kinds + row.kinds)
RETURN count(*) AS written
