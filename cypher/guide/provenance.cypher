// How to read provenance on a relationship: "Vladimir Kara-Murza IMPRISONED_IN Russia",
// stated by two sources. A relationship lists its sources (ids) in `sources`, with one
// evidence text per source in `evidence` and its kind in `evidence_kinds` (a verbatim
// quote, or a note that paraphrases); this table pairs each text with its article.
// Parameters: none.
MATCH (a:Entity {id: 'person:vladimir-kara-murza'})-[r:IMPRISONED_IN]->
      (b:Entity {id: 'place:russia'})
UNWIND range(0, size(r.sources) - 1) AS i
MATCH (s:Source {id: r.sources[i]})
RETURN a.name AS from, type(r) AS type, b.name AS to, r.valid_from AS valid_from,
       r.valid_to AS valid_to, s.publisher AS publisher, s.published AS published,
       r.evidence_kinds[i] AS kind, r.evidence[i] AS evidence, s.url AS url
