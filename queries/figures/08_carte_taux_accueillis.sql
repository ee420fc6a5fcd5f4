-- title: Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans
-- sheet: Carte du taux d'accueillis
-- subtitle: France métropolitaine et DROM, au 31/12/$year ; population de 0 à 20 ans au 1er janvier {population_year}
-- chart: map
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES)
-- partition: partition
-- params: focus, peers, year
-- One row per outline (metropolitan départements, DROM and Mayotte, which has no value: outside
-- DREES's field). Corse is drawn as 2A and 2B: both get the value DREES publishes for the
-- Collectivité de Corse (20) from 2018 on, and their own values before. The focus and peers
-- without an outline of their own (20, 69D, 69M) get a row of their own too: the map outlines
-- them over the outlines of their parts (2A and 2B; the Rhône) and names them in the legend.
-- `partition` is the territory of the year's partition (territory_partition, France entière
-- hors Mayotte) each outline counts as in the classes and the legend's counts: itself, or Corse
-- (20) for 2A and 2B from 2018, so that Corse counts once; NULL for Mayotte and the overlays.
-- indicators: TotEnfAccueillisASE
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
WITH v AS (
    SELECT territory, rate_per_1000, population_year FROM rates WHERE indicator = 'TotEnfAccueillisASE' AND year = $year AND band = '0-20'
),
geo AS (
    SELECT DISTINCT code, name FROM geo_departements
),
part AS (
    SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE'
),
corse AS (
    SELECT c.code, COALESCE(own.rate_per_1000, whole.rate_per_1000) AS rate_per_1000
    FROM (VALUES ('2A'), ('2B')) AS c(code)
    LEFT JOIN v own ON own.territory = c.code
    LEFT JOIN v whole ON whole.territory = '20'
)
SELECT g.code AS territory, g.name AS territoire,
       COALESCE(v.rate_per_1000, corse.rate_per_1000) AS taux,
       (SELECT MAX(population_year) FROM v) AS population_year,
       COALESCE(own.territory, whole.territory) AS partition
FROM geo g
LEFT JOIN v ON v.territory = g.code
LEFT JOIN corse ON corse.code = g.code
LEFT JOIN part own ON own.territory = g.code
LEFT JOIN part whole ON whole.territory = '20' AND g.code IN ('2A', '2B')
UNION ALL
SELECT t.code, t.name, v.rate_per_1000, (SELECT MAX(population_year) FROM v), CAST(NULL AS VARCHAR)
FROM territories t
LEFT JOIN v ON v.territory = t.code
WHERE (t.code = $focus OR t.code IN ($peers))
  AND t.code NOT IN (SELECT code FROM geo)
ORDER BY territory
