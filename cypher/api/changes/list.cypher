// What changed between two days: the relationships (stored types in $rel_types) and the
// statuses (values in $statuses) that began or ended in the window [$from, $to]. A date
// given to a month or a year covers that whole month or year, so such a change is listed
// when that period overlaps the window (a valid_to of "2024-08" ended in August: listed for
// any window that touches August). A relationship began on its valid_from or, with none, on
// the date of its event (the types whose start comes from their event,
// graph.schema.EVENT_DATE_STARTS), and ended on its valid_to; a status began on its
// valid_from and ended on its valid_to (`dated_by`: statement or event).
// With $reported, a change whose date only the reporting article gives is listed too, on
// that day, `dated_by: reported`: it happened no later than then. That is a relationship
// with no start of its own (the earliest publication of the sources that state it), a
// status known from its source's date (its as-of start), and an end the source only
// implies (`ended: true`: the bound valid_to_date).
// Statuses are found through the range indexes on Status.valid_from_date and valid_to_date
// (the bounds widened by a year, the longest period a date covers, then filtered exactly);
// relationships by one pass over the relationships of the asked types (fact types join
// only entities; Neo4j's relationship indexes are per type and unused for a parameter
// type list: see api/routers/changes.py). The candidates are small maps (dates, kind,
// element id); only the page is read in full.
// Every item: kind, change, the date as given with its precision, the period it covers,
// what dates it, the bound for a reported date, the entities, the type or status, and the
// fact's properties (role, attribution, sources, evidence); ordered by the period's first
// day, then its last, kind, change and id; with the total and the metadata of the sources
// the page cites.
// Parameters: $from, $to (dates), $rel_types (stored relationship types; [] for none),
// $statuses (status values; [] for none), $reported (boolean), $limit, $offset.
CALL {
  WITH 1 AS go WHERE size($rel_types) > 0
  MATCH (a)-[r:$any($rel_types)]->(b)
  WHERE ((r.valid_from_date >= $from - duration({years: 1}) AND r.valid_from_date <= $to)
         OR (($reported OR r.valid_to IS NOT NULL) AND r.valid_to_date >= $from
             AND r.valid_to_date <= $to + duration({years: 1}))
         OR ($reported AND r.valid_from_date IS NULL))
  WITH a, b, r,
       CASE WHEN $reported AND r.valid_from_date IS NULL THEN COLLECT {
         MATCH (src:Source) WHERE src.id IN r.sources AND src.published_end IS NOT NULL
         RETURN src.published_end ORDER BY src.published_end LIMIT 1 }[0] END AS reported
  WHERE r.valid_from_date IS NOT NULL OR r.valid_to_date IS NOT NULL
        OR (reported >= $from AND reported <= $to)
  WITH r, reported, CASE WHEN r.valid_from IS NULL AND r.valid_from_date IS NOT NULL
               THEN CASE WHEN a:Event THEN a ELSE b END END AS event
  UNWIND [{change: 'began', day: coalesce(r.valid_from_date, reported),
           given: coalesce(r.valid_from, event.date, toString(reported)),
           precision: coalesce(r.valid_from_precision, event.date_precision, 'day'),
           dated_by: CASE WHEN r.valid_from IS NOT NULL THEN 'statement'
                          WHEN r.valid_from_date IS NOT NULL THEN 'event'
                          ELSE 'reported' END},
          {change: 'ended',
           day: CASE WHEN r.valid_to IS NOT NULL OR $reported THEN r.valid_to_date END,
           given: coalesce(r.valid_to, toString(r.valid_to_date)),
           precision: coalesce(r.valid_to_precision, 'day'),
           dated_by: CASE WHEN r.valid_to IS NULL THEN 'reported' ELSE 'statement' END}] AS c
  RETURN 'relation' AS kind, elementId(r) AS element, r.id AS id, c
  UNION ALL
  MATCH (s:Status)
  WHERE s.valid_from_date >= $from - duration({years: 1}) AND s.valid_from_date <= $to
    AND ($reported OR s.valid_from IS NOT NULL) AND s.status IN $statuses
  RETURN 'status' AS kind, elementId(s) AS element, s.id AS id,
         {change: 'began', day: s.valid_from_date,
          given: coalesce(s.valid_from, toString(s.valid_from_date)),
          precision: coalesce(s.valid_from_precision, 'day'),
          dated_by: CASE WHEN s.valid_from IS NULL THEN 'reported' ELSE 'statement' END} AS c
  UNION ALL
  MATCH (s:Status)
  WHERE s.valid_to_date >= $from AND s.valid_to_date <= $to + duration({years: 1})
    AND ($reported OR s.valid_to IS NOT NULL) AND s.status IN $statuses
  RETURN 'status' AS kind, elementId(s) AS element, s.id AS id,
         {change: 'ended', day: s.valid_to_date,
          given: coalesce(s.valid_to, toString(s.valid_to_date)),
          precision: coalesce(s.valid_to_precision, 'day'),
          dated_by: CASE WHEN s.valid_to IS NULL THEN 'reported' ELSE 'statement' END} AS c
}
WITH kind, element, id, c WHERE c.day IS NOT NULL
// The period the date covers: from the first day of valid_from, to the last of valid_to.
WITH kind, element, id, c,
     CASE WHEN c.change = 'ended' THEN
       CASE c.precision WHEN 'year' THEN date({year: c.day.year, month: 1, day: 1})
                        WHEN 'month' THEN date({year: c.day.year, month: c.day.month, day: 1})
                        ELSE c.day END
     ELSE c.day END AS first,
     CASE WHEN c.change = 'began' THEN
       CASE c.precision WHEN 'year' THEN date({year: c.day.year, month: 12, day: 31})
                        WHEN 'month' THEN c.day + duration({months: 1}) - duration({days: 1})
                        ELSE c.day END
     ELSE c.day END AS last
WHERE first <= $to AND last >= $from
WITH kind, element, id, c, first, last
ORDER BY first, last, kind, c.change, id
WITH collect({kind: kind, element: element, change: c.change, date: c.given,
              precision: c.precision, dated_by: c.dated_by, first: first, last: last})
     AS found
WITH size(found) AS total, found[$offset..$offset + $limit] AS page
CALL {
  WITH page
  UNWIND page AS item
  OPTIONAL MATCH (a:Entity)-[r]->(b:Entity) WHERE elementId(r) = item.element
  OPTIONAL MATCH (e:Entity)-[:HAS_STATUS]->(s:Status) WHERE elementId(s) = item.element
  RETURN collect(item {.*, type: type(r), status: s.status,
                       entities: CASE WHEN r IS NULL THEN [e {.id, .name, .type}]
                                      ELSE [a {.id, .name, .type}, b {.id, .name, .type}] END,
                       props: properties(coalesce(r, s))}) AS items
}
RETURN total, items,
       COLLECT {
         UNWIND items AS item
         UNWIND item.props.sources AS id
         WITH DISTINCT id
         MATCH (src:Source {id: id})
         RETURN src {.id, .title, .publisher, .url, .published}
       } AS sources
