// Sourcing figures for `kg report` and /stats: hand-written relationships (between
// entities) by sources and evidence, attributed statements, kept disagreements, statuses.
// r.type is the semantic type (an attributed statement is stored as CLAIMED_<TYPE>); an
// edge written past the ingest, without it, counts by its stored type.
// Parameters: none.
CALL () {
  MATCH (:Entity)-[r]->(:Entity)
  RETURN count(r) AS relationships,
         count(CASE WHEN size(r.sources) = 1 THEN 1 END) AS single_source,
         count(CASE WHEN 'quote' IN r.evidence_kinds THEN 1 END) AS quoted,
         count(CASE WHEN NOT 'quote' IN r.evidence_kinds THEN 1 END) AS noted_only,
         count(r.attributed_to) AS attributed_relationships,
         count(r.key) AS keyed_relationships,
         count(CASE WHEN r.ended THEN 1 END) AS ended_without_date
}
CALL () {
  MATCH (a:Entity)-[r]->(b:Entity)
  WITH a, b, coalesce(r.type, type(r)) AS type, count(r) AS statements WHERE statements > 1
  RETURN count(*) AS disagreeing_relationships
}
CALL () {
  MATCH (e:Event) RETURN count(e.attributed_to) AS attributed_events
}
CALL () {
  OPTIONAL MATCH (s:Status)
  RETURN count(s) AS statuses, count(s.attributed_to) AS attributed_statuses,
         count(s.key) AS keyed_statuses,
         count(CASE WHEN s IS NOT NULL AND s.valid_from_date IS NULL THEN 1 END)
           AS undated_statuses
}
CALL () {
  MATCH (s:Status)
  WITH s.entity AS entity, s.status AS status, count(*) AS statements WHERE statements > 1
  RETURN count(*) AS disagreeing_statuses
}
RETURN relationships, single_source, quoted, noted_only, attributed_relationships,
       keyed_relationships, ended_without_date, disagreeing_relationships, attributed_events,
       statuses, attributed_statuses, keyed_statuses, undated_statuses, disagreeing_statuses
