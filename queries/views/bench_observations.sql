-- Valeurs DREES courantes telles que les comparaisons les lisent : départements et totaux nationaux (FRM, FRE, DROM) tels que la DREES les publie, régions recalculées comme la somme de leurs départements (`region_sums`), Corse (20) avant 2018 comme 2A + 2B.
-- materialize: true
-- The derived views (`rates`, `shares`, `changes`, `spending_ratios`, `indicator_values`) read
-- this view, so a région's rate or share is computed from its summed counts. `status` is the
-- observation's status for published rows, the `region_sums` status for régions.
-- Corse: DREES publishes Corse-du-Sud (2A) and Haute-Corse (2B) until 2017 and the Collectivité
-- de Corse (20) from 2018, its rows before then being not applicable. So that 20's evolutions,
-- rates and indices reach back (the populations view does the same), a year where 20 did not
-- exist reads, for additive series only (counts, k€), 2A + 2B: status `sum of 2A and 2B`, or
-- NULL with status `incomplete` when either has no value. Other series keep DREES's row.
WITH additive AS (
    SELECT id FROM indicators WHERE unit IN ('count', 'thousand_euro')
),
corse AS (
    SELECT o.indicator, o.year,
           CASE WHEN COUNT(o.value) = 2 THEN SUM(o.value) END AS value,
           CASE WHEN COUNT(o.value) = 2 THEN 'sum of 2A and 2B' ELSE 'incomplete' END AS status
    FROM observations o
    JOIN additive a ON a.id = o.indicator
    JOIN territories c ON c.code = '20'
    WHERE o.is_current AND o.territory IN ('2A', '2B') AND o.year < c.valid_from
    GROUP BY o.indicator, o.year
    HAVING COUNT(*) = 2
)
SELECT o.territory, o.indicator, o.year, o.value, o.status
FROM observations o
JOIN territories t ON t.code = o.territory
WHERE o.is_current AND t.kind <> 'region'
  AND NOT (o.territory = '20'
           AND EXISTS (SELECT 1 FROM corse c WHERE c.indicator = o.indicator AND c.year = o.year))
UNION ALL
SELECT '20', indicator, year, value, status FROM corse
UNION ALL
SELECT territory, indicator, year, value, status FROM region_sums
