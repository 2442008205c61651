// Claims with their claimant (MADE), what they are about (ABOUT), the fact-checkers'
// verdicts (FACT_CHECKED), each also when attributed (stored as CLAIMED_<TYPE>: a source
// reports another party's account of it) and the MENTIONED_IN edges that cite them;
// filtered by claimant, subject, verdict (case-insensitive substring) and fact-checker; in
// date order; and the metadata of every source those verdicts and edges cite.
// Parameters: $by, $about, $checked_by (entity ids or null), $verdict (string or null),
// $limit, $offset.
MATCH (c:Claim)
WHERE ($by IS NULL OR EXISTS { MATCH (:Entity {id: $by})-[:MADE|CLAIMED_MADE]->(c) })
  AND ($about IS NULL OR EXISTS { MATCH (c)-[:ABOUT|CLAIMED_ABOUT]->(:Entity {id: $about}) })
  AND ($checked_by IS NULL OR EXISTS {
       MATCH (:Entity {id: $checked_by})-[:FACT_CHECKED|CLAIMED_FACT_CHECKED]->(c) })
  AND ($verdict IS NULL OR EXISTS {
       MATCH (:Entity)-[f:FACT_CHECKED|CLAIMED_FACT_CHECKED]->(c)
       WHERE toLower(f.verdict) CONTAINS toLower($verdict) })
WITH c
ORDER BY c.date_start IS NULL, c.date_start, c.id
WITH collect(c) AS claims
WITH size(claims) AS total,
     [c IN claims[$offset..$offset + $limit] | {
       props: properties(c),
       claimants: [(p:Entity)-[:MADE|CLAIMED_MADE]->(c) | {id: p.id, name: p.name, type: p.type}],
       about: [(c)-[:ABOUT|CLAIMED_ABOUT]->(x:Entity) | {id: x.id, name: x.name, type: x.type}],
       verdicts: [(o:Entity)-[f:FACT_CHECKED|CLAIMED_FACT_CHECKED]->(c) |
                  {issuer: {id: o.id, name: o.name, type: o.type}, props: properties(f)}],
       mentions: [(c)-[m:MENTIONED_IN]->(:Source) | properties(m)]}] AS items
RETURN total, items,
       COLLECT {
         UNWIND items AS item
         UNWIND item.mentions + [v IN item.verdicts | v.props] AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources
