// Ilya Ponomarev's network: every sourced fact that ties him to a person, organisation,
// event, place or claim, and the other people who founded, lead or belong to his
// organisations. Articles are left out here; see "how to read provenance".
// Parameters: none.
MATCH path = (:Person {id: 'person:ilya-ponomarev'})-[r]-(:Entity)
WHERE type(r) <> 'MENTIONED_IN'
RETURN path
UNION
MATCH (:Person {id: 'person:ilya-ponomarev'})-[:FOUNDED|LEADS|MEMBER_OF]->(org:Organization)
MATCH path = (org)<-[:FOUNDED|LEADS|MEMBER_OF]-(:Person)
RETURN path
