// Relationships between entities that fit no shape of the relation table
// (graph/schema.py RELATION_TABLE; `kg validate` enforces the same on the files).
// r.type is the semantic type (an attributed statement is stored as CLAIMED_<TYPE>); an
// edge written past the ingest, without it, counts by its stored type.
// Parameters: $shapes: list of {type, tail, head, tail_kinds, head_kinds}: node type names,
//   and event kinds (null: any kind); $event: the Event type name (NodeType.EVENT).
MATCH (a:Entity)-[r]->(b:Entity)
WITH a, r, b, [s IN $shapes WHERE s.type = coalesce(r.type, type(r))] AS mine
WHERE NOT any(s IN mine WHERE a.type IN s.tail AND b.type IN s.head
              AND (s.tail_kinds IS NULL OR a.type <> $event OR a.kind IN s.tail_kinds)
              AND (s.head_kinds IS NULL OR b.type <> $event OR b.kind IN s.head_kinds))
RETURN r.id AS id, coalesce(r.type, type(r)) AS type, a.id AS from, b.id AS to,
       coalesce(a.kind, a.type) AS from_kind, coalesce(b.kind, b.type) AS to_kind
ORDER BY id
