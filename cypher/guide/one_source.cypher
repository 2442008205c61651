// Everything one source says, drawn: Meduza's article of 18 November 2023 on the "elves",
// every entity it names (MENTIONED_IN, carrying the quote or note) and every fact that
// cites it. Change the source id to read another article.
// Parameters: none.
MATCH named = (:Entity)-[:MENTIONED_IN]->(:Source {id: 'source:meduza-2023-11-18-elves'})
RETURN named AS path
UNION
MATCH fact = (:Entity)-[r]->(:Entity)
WHERE 'source:meduza-2023-11-18-elves' IN r.sources
RETURN fact AS path
