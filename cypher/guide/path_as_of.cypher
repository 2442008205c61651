// A path limited to relations valid on one day: how Vladimir Kara-Murza and Alexei Navalny
// were connected on 1 June 2023 (both imprisoned in Russia). A relation holds on the day
// when it started on or before it (or has no start) and ended on or after it (or has no
// end); a month- or year-dated bound covers the whole month or year. Change the date and
// the path changes.
// Parameters: none.
WITH date('2023-06-01') AS day
MATCH path = ALL SHORTEST (:Entity {id: 'person:vladimir-kara-murza'})
             (()-[r]-(:Entity)
              WHERE NOT type(r) IN ['MENTIONED_IN', 'OPPOSES']
                AND (r.valid_from_date IS NULL OR r.valid_from_date <= day)
                AND (r.valid_to_date IS NULL OR day <= r.valid_to_date)){1,6}
             (:Entity {id: 'person:alexei-navalny'})
RETURN path
