// Attributed statements: relationships that a source reports only as some party's claim
// ("the FSB said …", "he says he is …"), not as fact. They are stored as CLAIMED_<TYPE>
// (drawn in amber, captioned "TYPE · per <party>"), keep their meaning in `type` and the
// party's id and name in `attributed_to` and `attributed_to_name`; the table gives who
// asserts each one, and which source reports it.
// Parameters: none.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.attributed_to IS NOT NULL
RETURN r.attributed_to_name AS asserted_by, a.name AS from, r.type AS type, b.name AS to,
       r.role AS role, type(r) AS stored_as, r.sources AS sources, r.evidence AS evidence
ORDER BY asserted_by, from, type, to
