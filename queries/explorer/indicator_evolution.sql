-- title: Évolution : {indicateur}
-- subtitle: Le département, ses pairs, ses références et la distribution des départements
-- chart: lines
-- category: territoire
-- code: territory
-- series: year
-- value: valeur
-- unit: count
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: indicator, focus, peers, references, year, from, bands, weighting
-- The title ({indicateur}), the subtitle and the unit above are set from the indicator and the
-- bands asked for before the chart is built.
--
-- The distribution of the départements of each year (Rhône whole, Corse as published; NULL
-- values left out), as asdep draws its bands: the median line and the bands `$bands` asks for
-- among `d1d9` (1st to 9th decile), `q1q3` (1st to 3rd quartile), `m20` and `m10` (the median
-- ± 20 % and ± 10 % of its absolute value); `mediane` is always asked for. Each band is two rows,
-- its lower and upper edges (codes D1/D9, Q1/Q3, M-20/M+20, M-10/M+10; the median is Q2).
--
-- `$weighting = 'aucune'`: every département counts once; a quantile p is `percentile_cont`,
-- the linear interpolation between the two nearest ranks (x[h] with h = (n − 1) × p counted
-- from 0, R's and Excel's default).
-- `$weighting = 'population'`: each département weighs its population of 0 to 19 years on
-- 1 January of the year (`pop_0_19`, exact sum of Insee's 5-year bands); a quantile p is the
-- lower weighted quantile, the smallest value v such that the départements whose value is at
-- most v hold at least the share p of the population (the weighted median: half of the young
-- people live in a département at or below it). Shares are compared as 20 × below ≥ k × total
-- (p = k / 20) on integer populations, so no rounding decides a quantile. A département without
-- population that year is left out of the weighted distribution.
WITH d AS (
    SELECT v.year, v.value, p.value AS weight
    FROM indicator_values v
    JOIN territories t ON t.code = v.territory
    LEFT JOIN indicator_values p
      ON p.territory = v.territory AND p.year = v.year AND p.indicator = 'pop_0_19'
    WHERE v.indicator = $indicator AND v.year BETWEEN $from AND $year AND v.value IS NOT NULL
      AND t.kind = 'departement' AND t.code NOT IN ('69D', '69M')
),
plain AS (
    SELECT year,
           percentile_cont(value, 0.1) AS d1,
           percentile_cont(value, 0.25) AS q1,
           percentile_cont(value, 0.5) AS q2,
           percentile_cont(value, 0.75) AS q3,
           percentile_cont(value, 0.9) AS d9
    FROM d GROUP BY year
),
cumulated AS (
    SELECT year, value,
           SUM(weight) OVER (PARTITION BY year ORDER BY value
                             RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS below,
           SUM(weight) OVER (PARTITION BY year) AS total
    FROM d WHERE weight > 0
),
weighted AS (
    SELECT year,
           MIN(CASE WHEN 20 * below >= 2 * total THEN value END) AS d1,
           MIN(CASE WHEN 20 * below >= 5 * total THEN value END) AS q1,
           MIN(CASE WHEN 20 * below >= 10 * total THEN value END) AS q2,
           MIN(CASE WHEN 20 * below >= 15 * total THEN value END) AS q3,
           MIN(CASE WHEN 20 * below >= 18 * total THEN value END) AS d9
    FROM cumulated GROUP BY year
),
q AS (
    SELECT * FROM plain WHERE $weighting = 'aucune'
    UNION ALL SELECT * FROM weighted WHERE $weighting = 'population'
),
-- « pondéré(e) » in the labels of a weighted distribution.
w AS (
    SELECT CASE WHEN $weighting = 'population' THEN ' pondéré' ELSE '' END AS m,
           CASE WHEN $weighting = 'population' THEN ' pondérée' ELSE '' END AS f
),
bands AS (
    SELECT 'D1' AS territory, '1er décile' || w.m || ' (D1)' AS territoire, year, d1 AS valeur,
           'd1d9' AS band, 3 AS ord FROM q, w
    UNION ALL SELECT 'Q1', '1er quartile' || w.m || ' (Q1)', year, q1, 'q1q3', 4 FROM q, w
    UNION ALL SELECT 'M-20', 'Médiane' || w.f || ' − 20 %', year, q2 - 0.2 * abs(q2), 'm20', 5 FROM q, w
    UNION ALL SELECT 'M-10', 'Médiane' || w.f || ' − 10 %', year, q2 - 0.1 * abs(q2), 'm10', 6 FROM q, w
    UNION ALL SELECT 'Q2', 'Médiane' || w.f, year, q2, 'mediane', 7 FROM q, w
    UNION ALL SELECT 'M+10', 'Médiane' || w.f || ' + 10 %', year, q2 + 0.1 * abs(q2), 'm10', 8 FROM q, w
    UNION ALL SELECT 'M+20', 'Médiane' || w.f || ' + 20 %', year, q2 + 0.2 * abs(q2), 'm20', 9 FROM q, w
    UNION ALL SELECT 'Q3', '3e quartile' || w.m || ' (Q3)', year, q3, 'q1q3', 10 FROM q, w
    UNION ALL SELECT 'D9', '9e décile' || w.m || ' (D9)', year, d9, 'd1d9', 11 FROM q, w
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
FROM (SELECT * FROM shown
      UNION ALL SELECT territory, territoire, year, valeur, ord FROM bands WHERE band IN ($bands))
ORDER BY ord, territoire, year
