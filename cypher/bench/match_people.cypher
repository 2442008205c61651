// Persons to generate /match queries from (bench/match.py): a deterministic sample of
// every n-th person by id, with its name and aliases.
// Parameters: $every (keep one person in this many), $most (at most this many).
MATCH (p:Person)
WITH p ORDER BY p.id
WITH collect(p) AS people
UNWIND range(0, size(people) - 1, $every) AS i
WITH people[i] AS p
LIMIT $most
RETURN p.id AS id, p.name AS name, coalesce(p.aliases, []) AS aliases
