-- Valeurs DREES publiées, une par territoire, indicateur, année et édition, avec l'unité de l'indicateur : une édition publiée deux fois (un classeur et sa conversion en tableau « tidy ») est lue dans la source que le catalogue a rendue courante.
-- materialize: true
-- `(territory, indicator, year, edition)` is a key here, where `observations` keys on the source
-- too: drees-pers-2020 and drees-assfam-2020 are the same edition published twice, and a rule
-- that reads both would see every value twice (quality_flags reads this view 13 times).
-- The source kept is the current one, else the first by source_id: a grouped minimum of
-- « 0|1 || source_id » (a window function per key took ~0,3 s a read).
WITH pick AS (
    SELECT territory, indicator, year, edition,
           MIN(CASE WHEN is_current THEN '0' ELSE '1' END || source_id) AS source
    FROM observations
    GROUP BY territory, indicator, year, edition
)
SELECT o.territory, o.indicator, o.year, o.edition, o.value, o.status, o.source_id,
       o.source_ref, i.unit
FROM observations o
JOIN pick k ON k.territory = o.territory AND k.indicator = o.indicator
           AND k.year = o.year AND k.edition = o.edition
           AND k.source = CASE WHEN o.is_current THEN '0' ELSE '1' END || o.source_id
JOIN indicators i ON i.id = o.indicator
