// Who links Mikhail Khodorkovsky to Egor Kuroptev once the hubs are set aside. Their
// shortest chains run through Putin, the Russian government, Rosfinmonitoring's list or the
// Prosecutor General's "undesirable" designations: true, and useless, since half the graph
// opposes Putin or is on those lists. Leaving those four out, the chains run through PACE's
// Platform for Dialogue (both on its list), Natalia Arno and the Free Russia Foundation
// (Kuroptev works for it). Edit the list to leave out other entities; claims (CLAIMED_…)
// and articles (MENTIONED_IN) are never links.
// Parameters: none.
MATCH path = ALL SHORTEST (:Entity {id: 'person:mikhail-khodorkovsky'})
             (()-[r]-(n:Entity)
              WHERE type(r) <> 'MENTIONED_IN' AND NOT type(r) STARTS WITH 'CLAIMED_'
                AND NOT n.id IN ['person:vladimir-putin', 'org:russian-government',
                                 'org:rosfinmonitoring', 'org:prosecutor-generals-office']){1,6}
             (:Entity {id: 'person:egor-kuroptev'})
RETURN path
