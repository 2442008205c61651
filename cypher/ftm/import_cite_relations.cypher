// Relationships the graph held before an FtM import that the import states too: its name
// joins their ftm_dataset and the citations it adds (sources not cited yet, with evidence)
// are appended. Each edge is found by expanding from its start (an index seek).
// Parameters: $name: the import's name; $rows: list of {id, from, sources, evidence, kinds}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
CALL (a, row) {
  MATCH (a)-[r]->()
  WHERE r.id = row.id
  RETURN r
}
SET r.ftm_dataset = coalesce(r.ftm_dataset, [])
      + CASE WHEN $name IN coalesce(r.ftm_dataset, []) THEN [] ELSE [$name] END,
    r.sources = r.sources + row.sources,
    r.evidence = r.evidence + row.evidence,
    r.evidence_kinds = r.evidence_kinds + row.kinds
RETURN count(*) AS written
