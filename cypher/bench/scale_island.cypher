// Two entities tied only to each other: an island no path from the rest of the graph reaches.
// `make bench-scale` adds it after its ingest runs, because the generated data is one
// connected component; bench/api_overhead.py's unconnected pair then finds it (its ids sort
// before every other entity's).
// Parameters: none.
UNWIND ['a', 'b'] AS end
MERGE (n:Entity:Claim {id: 'claim:0-bench-island-' + end})
SET n.name = 'Bench island ' + end, n.type = 'Claim', n.aliases = [], n.sources = [],
    n.search_keys = ['bench island ' + end], n.search_text = 'bench island ' + end
WITH collect(n) AS ends
WITH ends[0] AS a, ends[1] AS b
MERGE (a)-[r:ALLIED_WITH {id: 'ALLIED_WITH:claim:0-bench-island-a->claim:0-bench-island-b'}]->(b)
SET r.type = 'ALLIED_WITH', r.sources = []
