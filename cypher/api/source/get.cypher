// One source with every fact that cites it: the entities it names (MENTIONED_IN, with the
// quote or note) and the relations whose `sources` list it (stored type: CLAIMED_<TYPE>
// when attributed).
// Parameters: $id (source id).
MATCH (s:Source {id: $id})
RETURN properties(s) AS props,
       [(e:Entity)-[m:MENTIONED_IN]->(s) | {entity: {id: e.id, name: e.name, type: e.type},
                                            props: properties(m)}] AS mentions,
       COLLECT {
         MATCH (a:Entity)-[r]->(b:Entity)
         WHERE s.id IN r.sources
         RETURN {type: type(r), props: properties(r),
                 source: {id: a.id, name: a.name, type: a.type},
                 target: {id: b.id, name: b.name, type: b.type}} AS fact
         ORDER BY r.type, a.id, b.id
       } AS facts
