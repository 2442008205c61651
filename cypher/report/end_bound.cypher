// Relationships that say "former"/"ex-" but have no end: no valid_to_date and no `ended`
// (ended false: the word refers to something else). The role counts for every type; the
// evidence too for $checked types (graph/schema.py FORMER_CHECKED).
// r.type is the semantic type (an attributed statement is stored as CLAIMED_<TYPE>); an
// edge written past the ingest, without it, counts by its stored type.
// Parameters: $pattern: a Java regex matching a whole text that says it (from
//   ingest/rules.py FORMER); $checked: relationship type names.
MATCH (:Entity)-[r]->(:Entity)
WHERE r.valid_to_date IS NULL AND r.ended IS NULL
  AND (coalesce(r.role, '') =~ $pattern
       OR (coalesce(r.type, type(r)) IN $checked
           AND any(e IN r.evidence WHERE e =~ $pattern)))
RETURN r.id AS id, coalesce(r.type, type(r)) AS type, r.role AS role,
       coalesce(r.role, '') =~ $pattern AS in_role
ORDER BY id
