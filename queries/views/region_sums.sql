-- Régions comme somme de leurs départements dans la partition de l'année (`territory_partition`) : une ligne par région, série DREES et année ; `value` NULL quand un département de la région n'a pas de valeur cette année-là (`status`, `missing` disent lequel).
-- materialize: true
-- DREES also publishes régional totals (kept as published in `observations`); the benchmarks use
-- these sums instead, so a région is exactly its départements of that year (the Rhône once, as 69;
-- Corse as 2A + 2B until 2017, as 20 from 2018) and its rates come from summed counts over summed
-- populations (`rates`), never from averaged rates. A sum missing a département would understate
-- the région, so it is never given: `value` is NULL with status `incomplete` and the départements
-- without a value in `missing`. Only additive series (counts, k€) are summed.
-- status: `sum of départements`; `incomplete` (some départements without a value); `no value`
-- (none has one, e.g. NbMNA, published for France entière only).
WITH members AS (
    SELECT p.year, d.parent_code AS region, p.territory
    FROM territory_partition p
    JOIN territories d ON d.code = p.territory
    WHERE p.scope IN ('FRM', 'DROM')
),
series AS (
    SELECT DISTINCT o.indicator, o.year
    FROM observations o
    JOIN indicators i ON i.id = o.indicator AND i.unit IN ('count', 'thousand_euro')
    JOIN territories t ON t.code = o.territory AND t.kind = 'departement'
    WHERE o.is_current
),
current_values AS (
    SELECT territory, indicator, year, value FROM observations WHERE is_current
),
cells AS (
    SELECT m.region, s.indicator, m.year, m.territory, v.value
    FROM members m
    JOIN series s ON s.year = m.year
    LEFT JOIN current_values v
           ON v.territory = m.territory AND v.indicator = s.indicator AND v.year = m.year
)
SELECT region AS territory, indicator, year,
       CASE WHEN COUNT(value) = COUNT(*) THEN SUM(value) END AS value,
       COUNT(*) AS departements,
       COUNT(value) AS departements_with_value,
       string_agg(CASE WHEN value IS NULL THEN territory END, ', ' ORDER BY territory) AS missing,
       CASE WHEN COUNT(value) = COUNT(*) THEN 'sum of départements'
            WHEN COUNT(value) = 0 THEN 'no value'
            ELSE 'incomplete' END AS status
FROM cells
GROUP BY region, indicator, year
