// Sources for the export: all of them, or those with the given ids.
// Parameters: $ids (source ids, or null for all).
MATCH (s:Source)
WHERE $ids IS NULL OR s.id IN $ids
RETURN properties(s) AS props
ORDER BY s.id
