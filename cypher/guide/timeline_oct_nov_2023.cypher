// The October–November 2023 timeline: events whose dates overlap 1 October – 30 November
// 2023 (a month-dated event covers the whole month), with everyone tied to them. The
// Table view lists them in date order.
// Parameters: none.
MATCH (ev:Event)
WHERE ev.date_start <= date('2023-11-30')
  AND coalesce(ev.date_end, ev.date_start) >= date('2023-10-01')
MATCH tie = (ev)-[r]-(:Entity)
WHERE type(r) <> 'MENTIONED_IN'
RETURN ev.date_start AS day, ev.name AS event, tie
ORDER BY day, event
