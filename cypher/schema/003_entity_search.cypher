// Full-text index over spelling-insensitive keys (graph/text.py) and names: Cyrillic and
// Latin spellings fold to one form, accents are ignored (standard-folding). Idempotent.
// Parameters: none.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Entity) ON EACH [n.search_text, n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}
