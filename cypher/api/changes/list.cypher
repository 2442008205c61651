// What changed between two days: the relationships (stored types in $rel_types) and the
// statuses (values in $statuses) that began or ended in the window [$from, $to]. A date
// given to a month or a year covers that whole month or year, so such a change is listed
// when that period overlaps the window (a valid_to of "2024-08" ended in August: listed for
// any window that touches August). Only dates the source gives count: a relationship began
// on its valid_from or, with none, on the date of its event (the types whose start comes
// from their event, graph.schema.EVENT_DATE_STARTS), and ended on its valid_to; a status
// began on its valid_from and ended on its valid_to. A status known only from its source's
// date (no valid_from) did not begin then, and an end the source only implies (`ended:
// true`, no date) has no day to place: neither is listed.
// Statuses are found through the range indexes on Status.valid_from_date and valid_to_date
// (the bounds widened by a year, the longest period a date covers, then filtered exactly);
// relationships by one pass over the relationships of the asked types (fact types join
// only entities; Neo4j's relationship indexes are per type and unused for a parameter
// type list: see api/routers/changes.py). The candidates are small maps (dates, kind,
// element id); only the page is read in full.
// Every item: kind, change, the date as given with its precision, the period it covers,
// whether the statement or its event dates it, the entities, the type or status, and the
// fact's properties (role, attribution, sources, evidence); ordered by the period's first
// day, then its last, kind, change and id; with the total and the metadata of the sources
// the page cites.
// Parameters: $from, $to (dates), $rel_types (stored relationship types; [] for none),
// $statuses (status values; [] for none), $limit, $offset.
CALL {
  WITH 1 AS go WHERE size($rel_types) > 0
  MATCH (a)-[r:$any($rel_types)]->(b)
  WHERE ((r.valid_from_date >= $from - duration({years: 1}) AND r.valid_from_date <= $to)
         OR (r.valid_to IS NOT NULL AND r.valid_to_date >= $from
             AND r.valid_to_date <= $to + duration({years: 1})))
  WITH r, CASE WHEN r.valid_from IS NULL AND r.valid_from_date IS NOT NULL
               THEN CASE WHEN a:Event THEN a ELSE b END END AS event
  UNWIND [{change: 'began', day: r.valid_from_date,
           given: coalesce(r.valid_from, event.date),
           precision: coalesce(r.valid_from_precision, event.date_precision, 'day'),
           dated_by: CASE WHEN r.valid_from IS NULL THEN 'event' ELSE 'statement' END},
          {change: 'ended', day: CASE WHEN r.valid_to IS NOT NULL THEN r.valid_to_date END,
           given: r.valid_to, precision: coalesce(r.valid_to_precision, 'day'),
           dated_by: 'statement'}] AS c
  RETURN 'relation' AS kind, elementId(r) AS element, r.id AS id, c
  UNION ALL
  MATCH (s:Status)
  WHERE s.valid_from_date >= $from - duration({years: 1}) AND s.valid_from_date <= $to
    AND s.valid_from IS NOT NULL AND s.status IN $statuses
  RETURN 'status' AS kind, elementId(s) AS element, s.id AS id,
         {change: 'began', day: s.valid_from_date, given: s.valid_from,
          precision: coalesce(s.valid_from_precision, 'day'), dated_by: 'statement'} AS c
  UNION ALL
  MATCH (s:Status)
  WHERE s.valid_to_date >= $from AND s.valid_to_date <= $to + duration({years: 1})
    AND s.valid_to IS NOT NULL AND s.status IN $statuses
  RETURN 'status' AS kind, elementId(s) AS element, s.id AS id,
         {change: 'ended', day: s.valid_to_date, given: s.valid_to,
          precision: coalesce(s.valid_to_precision, 'day'), dated_by: 'statement'} AS c
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
