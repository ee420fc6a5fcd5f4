-- Indicateurs de contexte socio-démographique par département et année (RSA, AAH, ASS, structure par âge, densité) : territory, indicator, year, value, unit, base_year (année de la population utilisée), last_year (dernière année de l'indicateur), numerator, denominator, scale (value = scale × numerator / denominator).
-- materialize: true
-- Minima sociaux (DREES, allocataires au 31/12/N, main series: the second 2016 column is its
-- own series `*_rupture2016`, not read here) per 1 000 inhabitants of the Insee population at
-- 1/1/N+1 (DREES convention for stocks at 31 December; the newest population published when
-- that one is not: `base_year` says which). Age groups are exact sums of Insee's 5-year bands
-- (20-64: 20-24 … 60-64; 15-64: 15-19 … 60-64; 75+: 75-79 … 95+; 0-4: the band closest to the
-- 0-5 year-olds, which 5-year bands cannot give). Shares and density are at 1/1/N; the change
-- of the 0-19 compares 1/1/N with 1/1/N-5. A measure without a base (no population, no area,
-- a NULL count) is NULL, never ±inf or NaN. `numerator` and `denominator` let a group of
-- départements be summed (`context_references`).
-- Corse: DREES codes it 20 from 2018 (`territories.valid_from`); the minima file keeps 2A/2B
-- to its last year, as printed: from 2018, Corse's minima counts and its population measures
-- are 2A + 2B (both needed).
WITH pop AS (
    SELECT territory, year,
           SUM(CASE WHEN age_band = 'total' THEN count END) AS total,
           SUM(CASE WHEN age_band IN ('00-04', '05-09', '10-14', '15-19') THEN count END) AS p0_19,
           COUNT(CASE WHEN age_band IN ('00-04', '05-09', '10-14', '15-19') THEN count END) AS n0_19,
           SUM(CASE WHEN age_band = '00-04' THEN count END) AS p0_4,
           SUM(CASE WHEN age_band IN ('15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64') THEN count END) AS p15_64,
           COUNT(CASE WHEN age_band IN ('15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64') THEN count END) AS n15_64,
           SUM(CASE WHEN age_band IN ('20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64') THEN count END) AS p20_64,
           COUNT(CASE WHEN age_band IN ('20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64') THEN count END) AS n20_64,
           SUM(CASE WHEN age_band IN ('75-79', '80-84', '85-89', '90-94', '95+') THEN count END) AS p75,
           COUNT(CASE WHEN age_band IN ('75-79', '80-84', '85-89', '90-94', '95+') THEN count END) AS n75
    FROM population
    WHERE is_current AND sex = 'ensemble'
    GROUP BY territory, year
),
p0 AS (
    SELECT territory, year, total,
           CASE WHEN n0_19 = 4 THEN p0_19 END AS p0_19,
           p0_4,
           CASE WHEN n15_64 = 10 THEN p15_64 END AS p15_64,
           CASE WHEN n20_64 = 9 THEN p20_64 END AS p20_64,
           CASE WHEN n75 = 5 THEN p75 END AS p75
    FROM pop
),
p AS (
    SELECT * FROM p0
    UNION ALL
    -- Corse (20, the DREES code from 2018) = 2A + 2B, as the `populations` view does.
    SELECT '20' AS territory, year, SUM(total) AS total, SUM(p0_19) AS p0_19, SUM(p0_4) AS p0_4,
           SUM(p15_64) AS p15_64, SUM(p20_64) AS p20_64, SUM(p75) AS p75
    FROM p0 WHERE territory IN ('2A', '2B') GROUP BY year HAVING COUNT(*) = 2
),
last_pop AS (
    SELECT territory, MAX(year) AS year FROM p WHERE total IS NOT NULL GROUP BY territory
),
minima_obs AS (
    SELECT territory, indicator, year, value
    FROM observations
    WHERE is_current AND indicator IN ('AllocRSA', 'PopCouverteRSA', 'AllocAAH', 'AllocASS')
),
minima_corse AS (
    SELECT * FROM minima_obs
    UNION ALL
    SELECT '20' AS territory, indicator, year,
           CASE WHEN COUNT(value) = 2 THEN SUM(value) END AS value
    FROM minima_obs
    WHERE territory IN ('2A', '2B')
      AND year >= (SELECT valid_from FROM territories WHERE code = '20')
    GROUP BY indicator, year
),
minima AS (
    SELECT o.territory, o.indicator, o.year, o.value,
           CASE WHEN n.territory IS NOT NULL THEN o.year + 1 ELSE l.year END AS base_year
    FROM minima_corse o
    LEFT JOIN p n ON n.territory = o.territory AND n.year = o.year + 1 AND n.total IS NOT NULL
    LEFT JOIN last_pop l ON l.territory = o.territory
),
parts AS (
    SELECT m.territory,
           CASE m.indicator WHEN 'AllocRSA' THEN 'taux_rsa'
                            WHEN 'PopCouverteRSA' THEN 'taux_rsa_couverte'
                            WHEN 'AllocAAH' THEN 'taux_aah_20_64'
                            ELSE 'taux_ass_15_64' END AS indicator,
           m.year, 'per_thousand' AS unit, m.base_year,
           m.value AS numerator,
           CASE WHEN m.indicator IN ('AllocRSA', 'PopCouverteRSA') THEN b.total
                WHEN m.indicator = 'AllocAAH' THEN b.p20_64
                ELSE b.p15_64 END AS denominator,
           1000.0 AS scale
    FROM minima m
    LEFT JOIN p b ON b.territory = m.territory AND b.year = m.base_year
    UNION ALL
    SELECT territory, 'part_0_19', year, 'percent', year AS base_year, p0_19, total, 100.0 FROM p
    UNION ALL
    SELECT territory, 'part_0_4', year, 'percent', year AS base_year, p0_4, total, 100.0 FROM p
    UNION ALL
    SELECT territory, 'part_75_plus', year, 'percent', year AS base_year, p75, total, 100.0 FROM p
    UNION ALL
    SELECT a.territory, 'evol_0_19_5ans', a.year, 'percent', a.year AS base_year, a.p0_19 - b.p0_19, b.p0_19, 100.0
    FROM p a JOIN p b ON b.territory = a.territory AND b.year = a.year - 5
    UNION ALL
    SELECT p.territory, 'densite', p.year, 'per_km2', p.year AS base_year, p.total, s.area_km2, 1.0
    FROM p JOIN context_surfaces s ON s.territory = p.territory
),
dep AS (
    SELECT x.territory, x.indicator, x.year, x.unit, x.base_year, x.numerator, x.denominator, x.scale,
           CASE WHEN x.denominator > 0 THEN x.scale * x.numerator / x.denominator END AS value
    FROM parts x
    WHERE x.territory IN (SELECT code FROM territories WHERE kind = 'departement')
),
last AS (
    SELECT indicator, MAX(year) AS last_year FROM dep WHERE value IS NOT NULL GROUP BY indicator
)
SELECT d.territory, d.indicator, CAST(d.year AS INT) AS year, d.value, d.unit,
       CAST(d.base_year AS INT) AS base_year, CAST(l.last_year AS INT) AS last_year,
       d.numerator, d.denominator, d.scale
FROM dep d LEFT JOIN last l ON l.indicator = d.indicator
