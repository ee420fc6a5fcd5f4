-- title: {indicateur}
-- subtitle: France métropolitaine et DROM, $year
-- chart: map
-- category: territoire
-- code: territory
-- value: valeur
-- unit: count
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- partition: partition
-- params: indicator, focus, peers, year
-- The title ({indicateur}) and the unit above are set from the indicator before the chart is built. Corse is
-- drawn as 2A and 2B: both get the value of the Collectivité de Corse (20) from 2018 on, and
-- count once in the classes and the legend's counts (`partition`: the territory of the year's
-- partition each outline counts as; NULL for Mayotte, outside DREES's field). The focus and
-- peers without an outline of their own (20, 69D, 69M) get a row of their own, outlined over
-- their parts (2A and 2B; the Rhône) as in the report's map.
WITH v AS (
    SELECT territory, value FROM indicator_values WHERE indicator = $indicator AND year = $year
),
corse AS (
    SELECT c.code, COALESCE(own.value, whole.value) AS value
    FROM (VALUES ('2A'), ('2B')) AS c(code)
    LEFT JOIN v own ON own.territory = c.code
    LEFT JOIN v whole ON whole.territory = '20'
),
part AS (
    SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE'
)
SELECT g.code AS territory, g.name AS territoire, COALESCE(v.value, corse.value) AS valeur,
       COALESCE(own.territory, whole.territory) AS partition
FROM (SELECT DISTINCT code, name FROM geo_departements) g
LEFT JOIN v ON v.territory = g.code
LEFT JOIN corse ON corse.code = g.code
LEFT JOIN part own ON own.territory = g.code
LEFT JOIN part whole ON whole.territory = '20' AND g.code IN ('2A', '2B')
UNION ALL
SELECT t.code, t.name, v.value, CAST(NULL AS VARCHAR)
FROM territories t
LEFT JOIN v ON v.territory = t.code
WHERE (t.code = $focus OR t.code IN ($peers))
  AND t.code NOT IN (SELECT code FROM geo_departements)
ORDER BY territory
