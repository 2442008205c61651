// Create the status statements an FtM import brings (label Status) and link each to its
// entity with HAS_STATUS, which cites the same sources and carries the same ftm_dataset.
// Parameters: $rows: list of {id, entity, props}.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
CREATE (s:Status)
SET s = row.props
CREATE (e)-[h:HAS_STATUS]->(s)
SET h = {id: 'HAS_STATUS:' + row.id, type: 'HAS_STATUS', caption: 'HAS_STATUS',
         sources: row.props.sources, evidence: row.props.evidence,
         evidence_kinds: row.props.evidence_kinds, ftm_dataset: row.props.ftm_dataset}
RETURN count(*) AS written
