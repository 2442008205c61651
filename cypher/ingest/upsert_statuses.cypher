// Create or replace Status statements (label Status) by id and link each to its entity with
// HAS_STATUS, which cites the same sources as the statement; stale properties are removed.
// Parameters: $rows: list of {id, entity, props}.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
MERGE (s:Status {id: row.id})
SET s = row.props
MERGE (e)-[h:HAS_STATUS]->(s)
SET h = {id: 'HAS_STATUS:' + row.id, type: 'HAS_STATUS', caption: 'HAS_STATUS',
         sources: row.props.sources,
         evidence: row.props.evidence, evidence_kinds: row.props.evidence_kinds}
RETURN count(*) AS written
