// Everyone designated by Russian authorities ("terrorist", "extremist", "undesirable",
// "foreign agent", wanted lists): DESIGNATED relationships from state bodies and courts
// (the designation is in `role`, its date in `valid_from`), and the designation events
// people and organisations are SUBJECT_OF, with who issued them.
// Parameters: none.
MATCH path = (issuer:Organization)-[:DESIGNATED]->(:Entity)
WHERE issuer.kind IN ['state_body', 'court', 'intelligence_service']
RETURN path
UNION
MATCH path = (:Entity)-[:SUBJECT_OF]->(:Event {kind: 'designation'})
RETURN path
UNION
MATCH path = (:Organization)-[:ORGANIZED]->(:Event {kind: 'designation'})
RETURN path
