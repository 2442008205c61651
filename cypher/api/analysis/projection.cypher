// The projection that /analysis/brokers and /analysis/communities compute on: every fact
// relationship between two entities (MENTIONED_IN and HAS_STATUS end at sources and
// statuses, so they never qualify) of the types in $types (semantic type r.type; null: every
// fact), leaving out attributed ones (a party's claim, stored as CLAIMED_<TYPE>) unless
// $include_attributed, and holding on $as_of when given (the rule of /paths:
// valid_from_date <= $as_of <= valid_to_date, an open end holds). One row: the ends of each
// relationship as a pair of ids (several relationships between two entities give several
// pairs; the engine weighs the tie by their number), and [id, name, type] of every entity
// at either end. Nothing else: the few edges an answer shows are read in full afterwards
// (analysis/edges), so the projection stays two short strings per relationship.
// Parameters: $types (relationship types or null), $as_of (date or null),
// $include_attributed (boolean).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE ($types IS NULL OR r.type IN $types)
  AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
  AND ($as_of IS NULL OR (
       (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
       AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
WITH collect([a.id, b.id]) AS pairs, collect(DISTINCT a) AS froms, collect(DISTINCT b) AS tos
RETURN pairs, [n IN froms + tos | [n.id, n.name, n.type]] AS nodes
