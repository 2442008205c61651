// Every entity's names and search keys, for the mention linker's automaton (built once per
// process, rebuilt when the graph's version changes), with that version.
// Parameters: none.
MATCH (n:Entity)
WITH collect({id: n.id, name: n.name, type: n.type, aliases: coalesce(n.aliases, []),
              keys: coalesce(n.search_keys, [])}) AS rows,
     count(n) AS n, sum(size(coalesce(n.search_text, ''))) AS chars
RETURN rows, toString(n) + ':' + toString(chars) AS version
