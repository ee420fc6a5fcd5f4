-- Each indicator's years per edition: the years with a published value (at least one territory)
-- in each edition of the DREES series (`observations`), and, for measures depbench computes
-- (rates, shares, spending per young person, populations), the years of `indicator_values`
-- (edition `calculé`). `years` counts the years with a value between first_year and last_year
-- (fewer than the span: years are missing). `depbench tables indicators` prints it.
WITH published AS (
    SELECT indicator, source_id, edition, year
    FROM observations WHERE value IS NOT NULL
    GROUP BY indicator, source_id, edition, year
),
editions AS (
    SELECT indicator, source_id, edition, MIN(year) AS first_year, MAX(year) AS last_year,
           COUNT(*) AS years
    FROM published GROUP BY indicator, source_id, edition
),
computed AS (
    SELECT v.indicator, 'calculé' AS source_id, 'calculé' AS edition, MIN(v.year) AS first_year,
           MAX(v.year) AS last_year, COUNT(DISTINCT v.year) AS years
    FROM indicator_values v
    WHERE v.value IS NOT NULL AND v.indicator NOT IN (SELECT DISTINCT indicator FROM observations)
    GROUP BY v.indicator
)
SELECT i.id AS indicator, i.label, i.short_label, i.unit, e.source_id, e.edition, e.first_year, e.last_year, e.years
FROM indicators i
JOIN (SELECT * FROM editions UNION ALL SELECT * FROM computed) e ON e.indicator = i.id
ORDER BY i.id, e.edition DESC, e.source_id
