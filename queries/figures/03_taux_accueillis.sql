-- title: Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 19 ans
-- subtitle: Au 31/12/$year ; population au 1er janvier {population_year}
-- chart: bars
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 19 ans
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: focus, peers, year
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux, r.population_year
FROM rates r
JOIN territories t ON t.code = r.territory
WHERE r.indicator = 'TotEnfAccueillisASE' AND r.year = $year
  AND (t.code = $focus OR t.code IN ($peers) OR t.code = 'FRM')
ORDER BY CASE WHEN t.code = 'FRM' THEN 1 ELSE 0 END, r.rate_per_1000 DESC
