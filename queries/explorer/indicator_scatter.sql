-- title: {indicateur_y} selon {indicateur_x}
-- subtitle: Départements de métropole et d'outre-mer, $year ; surface des cercles proportionnelle à la population de 0 à 19 ans
-- chart: scatter
-- category: territoire
-- code: territory
-- value: valeur_x, valeur_y, population
-- headers: {indicateur_x}, {indicateur_y}, population de 0 à 19 ans
-- unit: count
-- units: count, count, count
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: indicator, indicator2, focus, peers, references, year
-- The explorer's comparison page: one département a point, x the first indicator, y the second,
-- the bubble's area its population of 0 to 19 years on 1 January of $year (`pop_0_19`, exact
-- sum of Insee's 5-year bands). The title, the headers ({indicateur_x}, {indicateur_y}) and the
-- units above are set from the indicators before the chart is built. Départements as the
-- ranking counts them (Rhône whole, Corse as DREES publishes it that year); the focus, the
-- peers and the references always have their row when they have both values.
WITH a AS (
    SELECT territory, value FROM indicator_values WHERE indicator = $indicator AND year = $year
),
b AS (
    SELECT territory, value FROM indicator_values WHERE indicator = $indicator2 AND year = $year
),
p AS (
    SELECT territory, value FROM indicator_values WHERE indicator = 'pop_0_19' AND year = $year
)
SELECT t.code AS territory, t.name AS territoire, a.value AS valeur_x, b.value AS valeur_y,
       p.value AS population
FROM territories t
JOIN a ON a.territory = t.code
JOIN b ON b.territory = t.code
LEFT JOIN p ON p.territory = t.code
WHERE a.value IS NOT NULL AND b.value IS NOT NULL
  AND ((t.kind = 'departement' AND t.code NOT IN ('69D', '69M')) OR t.code IN ($references)
       OR t.code = $focus OR t.code IN ($peers))
ORDER BY t.code
