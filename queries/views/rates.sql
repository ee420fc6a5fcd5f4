-- Stocks at 31/12/N per 1 000 young people aged 0-19 at 1/1/N+1 (DREES convention; latest population when N+1 is not yet published, flagged).
-- materialize: true
WITH pop AS (
    SELECT territory, year, pop_0_19,
           MAX(year) OVER (PARTITION BY territory) AS last_year
    FROM populations WHERE pop_0_19 IS NOT NULL
),
latest AS (
    SELECT territory, year, pop_0_19 FROM pop WHERE year = last_year
)
SELECT o.territory, o.indicator, o.year, o.value,
       CASE WHEN p.year IS NOT NULL THEN p.year ELSE l.year END AS population_year,
       CASE WHEN p.year IS NOT NULL THEN p.pop_0_19 ELSE l.pop_0_19 END AS pop_0_19,
       1000.0 * o.value / CASE WHEN p.year IS NOT NULL THEN p.pop_0_19 ELSE l.pop_0_19 END AS rate_per_1000,
       p.year IS NULL AS population_fallback
FROM observations o
JOIN indicators i ON i.id = o.indicator AND i.unit = 'count' AND i.reference_population = '00-20'
LEFT JOIN pop p ON p.territory = o.territory AND p.year = o.year + 1
LEFT JOIN latest l ON l.territory = o.territory AND o.year + 1 > l.year
WHERE o.is_current
  AND (p.year IS NOT NULL OR l.year IS NOT NULL)
