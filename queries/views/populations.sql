-- Population at 1 January (Insee) by territory: aged 0-19 (bands 0-4 to 15-19) and total, with computed FRE, DROM and regions.
-- materialize: true
-- DREES rates use 0-20 year-olds; Insee's 5-year bands cannot isolate age 20, so depbench uses
-- 0-19 and says so (rates come out slightly higher than DREES's published ones).
-- FRE (France hors Mayotte) = Insee «France métropolitaine et DOM» (FR) minus Mayotte (976);
-- DROM = Insee «DOM» minus Mayotte; régions = sum of their départements (Insee codes 2A/2B, 69);
-- Corse (20, how DREES codes the Collectivité de Corse) = 2A + 2B.
WITH selected AS (
    SELECT territory, year, age_band, count
    FROM population
    WHERE is_current AND sex = 'ensemble' AND age_band IN ('00-04', '05-09', '10-14', '15-19', 'total')
),
base AS (
    SELECT territory, year,
           SUM(CASE WHEN age_band <> 'total' THEN count END) AS pop_0_19,
           COUNT(CASE WHEN age_band <> 'total' THEN count END) AS bands,
           SUM(CASE WHEN age_band = 'total' THEN count END) AS pop_total
    FROM selected
    GROUP BY territory, year
),
complete AS (
    SELECT territory, year, CASE WHEN bands = 4 THEN pop_0_19 END AS pop_0_19, pop_total
    FROM base
),
without_mayotte AS (
    SELECT CASE a.territory WHEN 'FR' THEN 'FRE' ELSE 'DROM' END AS territory, a.year,
           a.pop_0_19 - m.pop_0_19 AS pop_0_19, a.pop_total - m.pop_total AS pop_total
    FROM complete a
    JOIN complete m ON m.territory = '976' AND m.year = a.year
    WHERE a.territory IN ('FR', 'DOM')
),
corse AS (
    SELECT '20' AS territory, year, SUM(pop_0_19) AS pop_0_19, SUM(pop_total) AS pop_total
    FROM complete WHERE territory IN ('2A', '2B')
    GROUP BY year HAVING COUNT(*) = 2
),
regions AS (
    SELECT 'R' || t.region_code AS territory, c.year,
           SUM(c.pop_0_19) AS pop_0_19, SUM(c.pop_total) AS pop_total
    FROM complete c
    JOIN territories t ON t.code = c.territory AND t.kind = 'departement'
    GROUP BY t.region_code, c.year
)
SELECT territory, year, pop_0_19, pop_total, 'insee' AS method FROM complete
UNION ALL
SELECT territory, year, pop_0_19, pop_total, 'insee minus Mayotte' AS method FROM without_mayotte
UNION ALL
SELECT territory, year, pop_0_19, pop_total, 'sum of départements' AS method FROM regions
UNION ALL
SELECT territory, year, pop_0_19, pop_total, 'sum of 2A and 2B' AS method FROM corse
