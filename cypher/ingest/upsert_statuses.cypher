// Create or replace Status statements (label Status) and link each to its entity with
// HAS_STATUS, which cites the same sources as the statement; stale properties are removed.
// Reports how many were new and how many changed.
// Parameters: $rows: list of {id, entity, props}.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
OPTIONAL MATCH (old:Status {id: row.id})
WITH row, e, old IS NULL AS created, old IS NOT NULL AND properties(old) <> row.props AS changed
MERGE (s:Status {id: row.id})
SET s = row.props
MERGE (e)-[h:HAS_STATUS]->(s)
SET h = {id: 'HAS_STATUS:' + row.id, type: 'HAS_STATUS', caption: 'HAS_STATUS',
         sources: row.props.sources,
         evidence: row.props.evidence, evidence_kinds: row.props.evidence_kinds}
RETURN 'Status' AS kind, count(*) AS total,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated
