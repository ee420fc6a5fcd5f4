-- title: Évolution : {indicateur}
-- subtitle: Le département, ses pairs, ses références et la distribution des départements (déciles 1 et 9, quartiles, médiane)
-- chart: lines
-- category: territoire
-- code: territory
-- series: year
-- value: valeur
-- unit: count
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: indicator, focus, peers, references, year, from
-- The title ({indicateur}) and the unit above are set from the indicator before the chart is built.
-- Quantiles over the départements of each year (Rhône whole, Corse as published), as asdep draws
-- its bands; NULL values are left out of the distribution.
WITH d AS (
    SELECT v.year, v.value
    FROM indicator_values v
    JOIN territories t ON t.code = v.territory
    WHERE v.indicator = $indicator AND v.year BETWEEN $from AND $year AND v.value IS NOT NULL
      AND t.kind = 'departement' AND t.code NOT IN ('69D', '69M')
),
q AS (
    SELECT year,
           approx_percentile_cont(value, 0.1) AS d1,
           approx_percentile_cont(value, 0.25) AS q1,
           median(value) AS q2,
           approx_percentile_cont(value, 0.75) AS q3,
           approx_percentile_cont(value, 0.9) AS d9
    FROM d GROUP BY year
),
bands AS (
    SELECT 'D1' AS territory, '1er décile' AS territoire, year, d1 AS valeur, 5 AS ord FROM q
    UNION ALL SELECT 'Q1', '1er quartile', year, q1, 4 FROM q
    UNION ALL SELECT 'Q2', 'Médiane', year, q2, 3 FROM q
    UNION ALL SELECT 'Q3', '3e quartile', year, q3, 4 FROM q
    UNION ALL SELECT 'D9', '9e décile', year, d9, 5 FROM q
),
shown AS (
    SELECT t.code AS territory, t.name AS territoire, v.year, v.value AS valeur,
           CASE WHEN t.code = $focus THEN 0 WHEN t.code IN ($references) THEN 2 ELSE 1 END AS ord
    FROM indicator_values v
    JOIN territories t ON t.code = v.territory
    WHERE v.indicator = $indicator AND v.year BETWEEN $from AND $year
      AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
)
SELECT territory, territoire, year, valeur
FROM (SELECT * FROM shown UNION ALL SELECT * FROM bands)
ORDER BY ord, territoire, year
