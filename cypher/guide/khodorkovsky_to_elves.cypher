// Who links Mikhail Khodorkovsky to the Legion of Elves: every shortest chain of sourced
// facts between them. OPPOSES is left out (opposing the same Kremlin is no link between two
// actors), and so is MENTIONED_IN (being named in the same article is no link either).
// Parameters: none.
MATCH path = ALL SHORTEST (:Entity {id: 'person:mikhail-khodorkovsky'})
             (()-[r]-(:Entity) WHERE NOT type(r) IN ['MENTIONED_IN', 'OPPOSES']){1,8}
             (:Entity {id: 'org:legion-of-elves'})
RETURN path
