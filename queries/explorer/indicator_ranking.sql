-- title: Classement des départements : {indicateur}
-- subtitle: Départements de métropole et d'outre-mer, $year
-- chart: ranking
-- category: territoire
-- code: territory
-- value: valeur
-- unit: count
-- sort: value desc
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: indicator, focus, peers, references, year
-- The title ({indicateur}) and the unit above are set from the indicator before the chart is built.
-- Rhône is ranked whole (69, not 69D/69M) and Corse as DREES publishes it that year; the focus
-- and peers are always ranked when they have a value (69D, 69M: counts, never rates).
SELECT t.code AS territory, t.name AS territoire, v.value AS valeur
FROM indicator_values v
JOIN territories t ON t.code = v.territory
WHERE v.indicator = $indicator AND v.year = $year AND v.value IS NOT NULL
  AND ((t.kind = 'departement' AND t.code NOT IN ('69D', '69M')) OR t.code IN ($references)
       OR t.code = $focus OR t.code IN ($peers))
