// Who links Mikhail Khodorkovsky to Egor Kuroptev once the hubs are set aside. Their
// shortest chains run through the Justice Ministry's foreign-agent listings, Putin, the
// Russian government, Rosfinmonitoring's list or the Prosecutor General's "undesirable"
// designations: true, and useless, since half the graph opposes Putin or is on those lists.
// Leaving those five out, the chains run through PACE (its Platform for Dialogue, whose list
// both are on, and its hearing with the democratic forces, where both spoke), Natalia Arno or
// Vladimir Milov, and the Free Russia Foundation (Kuroptev works for it) or SVTV's report.
// Edit the list to leave out other entities; claims (CLAIMED_…) and articles (MENTIONED_IN)
// are never links.
// Parameters: none.
MATCH path = ALL SHORTEST (:Entity {id: 'person:mikhail-khodorkovsky'})
             (()-[r]-(n:Entity)
              WHERE type(r) <> 'MENTIONED_IN' AND NOT type(r) STARTS WITH 'CLAIMED_'
                AND NOT n.id IN ['org:ministry-of-justice', 'person:vladimir-putin',
                                 'org:russian-government', 'org:rosfinmonitoring',
                                 'org:prosecutor-generals-office']){1,6}
             (:Entity {id: 'person:egor-kuroptev'})
RETURN path
