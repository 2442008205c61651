// Every entity's names and search keys, for the mention linker's automaton (built once per
// process, rebuilt when the graph's version changes: api/repository/version.py).
// Parameters: none.
MATCH (n:Entity)
RETURN collect({id: n.id, name: n.name, type: n.type, aliases: coalesce(n.aliases, []),
                keys: coalesce(n.search_keys, [])}) AS rows
