// Sources in publication order (undated last), optionally by publisher (case-insensitive
// substring), with how many entities and relations cite each.
// Parameters: $publisher (string or null), $limit, $offset.
MATCH (s:Source)
WHERE $publisher IS NULL OR toLower(s.publisher) CONTAINS toLower($publisher)
WITH s
ORDER BY s.published_start IS NULL, s.published_start, s.id
WITH collect(s) AS sources
RETURN size(sources) AS total,
       [s IN sources[$offset..$offset + $limit] | {
         props: properties(s),
         entities: COUNT { (:Entity)-[:MENTIONED_IN]->(s) },
         relations: COUNT { MATCH (:Entity)-[r]->(:Entity) WHERE s.id IN r.sources }}] AS items
