-- Population au 1er janvier (Insee) par territoire : tranches de référence 0-17, 0-19 (exacte), 0-20 et total, avec FRE, DROM, Corse (20) et régions calculés.
-- materialize: true
-- Bands: Insee publishes 5-year bands, so pop_0_19 (00-04 + 05-09 + 10-14 + 15-19) is exact, while
-- pop_0_20 (DREES's reference population, young people under 21) = pop_0_19 + 1/5 of 20-24 and
-- pop_0_17 (minors) = 00-04 + 05-09 + 10-14 + 3/5 of 15-19 are estimates that assume ages are
-- evenly spread within a band (`rates.population_estimated`, `rates.population_method`).
-- FRE (France hors Mayotte) and DROM (hors Mayotte): Insee «France métropolitaine et DOM» (FR) and
-- «DOM» minus Mayotte (976) from 2014, when Insee publishes Mayotte; before 2014 Insee's FR and DOM
-- already exclude Mayotte and are taken as they are (`method` says which).
-- Régions = sum of their départements (Insee codes 2A/2B, 69), grouped on each département's
-- declared parent (`territories.parent_code`) when that parent is a région of `territories`: a
-- département without one (Mayotte 976, whose région DREES does not publish) feeds no région, so
-- no row names a territory absent from `territories`. Corse (20, how DREES codes the
-- Collectivité de Corse) = 2A + 2B.
WITH selected AS (
    SELECT territory, year, age_band, count
    FROM population
    WHERE is_current AND sex = 'ensemble'
      AND age_band IN ('00-04', '05-09', '10-14', '15-19', '20-24', 'total')
),
base AS (
    SELECT territory, year,
           SUM(CASE WHEN age_band IN ('00-04', '05-09', '10-14') THEN count END) AS pop_0_14,
           SUM(CASE WHEN age_band = '15-19' THEN count END) AS pop_15_19,
           SUM(CASE WHEN age_band = '20-24' THEN count END) AS pop_20_24,
           COUNT(CASE WHEN age_band IN ('00-04', '05-09', '10-14') THEN count END) AS bands_0_14,
           SUM(CASE WHEN age_band = 'total' THEN count END) AS pop_total
    FROM selected
    GROUP BY territory, year
),
complete AS (
    SELECT territory, year,
           CASE WHEN bands_0_14 = 3 THEN pop_0_14 + pop_15_19 END AS pop_0_19,
           pop_total,
           CASE WHEN bands_0_14 = 3 THEN pop_0_14 + 0.6 * pop_15_19 END AS pop_0_17,
           CASE WHEN bands_0_14 = 3 THEN pop_0_14 + pop_15_19 + 0.2 * pop_20_24 END AS pop_0_20
    FROM base
),
without_mayotte AS (
    SELECT CASE a.territory WHEN 'FR' THEN 'FRE' ELSE 'DROM' END AS territory, a.year,
           a.pop_0_19 - COALESCE(m.pop_0_19, 0) AS pop_0_19,
           a.pop_total - COALESCE(m.pop_total, 0) AS pop_total,
           a.pop_0_17 - COALESCE(m.pop_0_17, 0) AS pop_0_17,
           a.pop_0_20 - COALESCE(m.pop_0_20, 0) AS pop_0_20,
           CASE WHEN m.territory IS NULL THEN 'insee (Mayotte not included before 2014)'
                ELSE 'insee minus Mayotte' END AS method
    FROM complete a
    LEFT JOIN complete m ON m.territory = '976' AND m.year = a.year
    WHERE a.territory IN ('FR', 'DOM')
),
corse AS (
    SELECT '20' AS territory, year, SUM(pop_0_19) AS pop_0_19, SUM(pop_total) AS pop_total,
           SUM(pop_0_17) AS pop_0_17, SUM(pop_0_20) AS pop_0_20
    FROM complete WHERE territory IN ('2A', '2B')
    GROUP BY year HAVING COUNT(*) = 2
),
regions AS (
    SELECT r.code AS territory, c.year,
           SUM(c.pop_0_19) AS pop_0_19, SUM(c.pop_total) AS pop_total,
           SUM(c.pop_0_17) AS pop_0_17, SUM(c.pop_0_20) AS pop_0_20
    FROM complete c
    JOIN territories t ON t.code = c.territory AND t.kind = 'departement'
    JOIN territories r ON r.code = t.parent_code AND r.kind = 'region'
    GROUP BY r.code, c.year
)
SELECT territory, year, pop_0_19, pop_total, 'insee' AS method, pop_0_17, pop_0_20 FROM complete
UNION ALL
SELECT territory, year, pop_0_19, pop_total, method, pop_0_17, pop_0_20 FROM without_mayotte
UNION ALL
SELECT territory, year, pop_0_19, pop_total, 'sum of départements' AS method, pop_0_17, pop_0_20 FROM regions
UNION ALL
SELECT territory, year, pop_0_19, pop_total, 'sum of 2A and 2B' AS method, pop_0_17, pop_0_20 FROM corse
