-- title: Où se situe le département ? Enfants accueillis pour 1 000 jeunes de 0 à 20 ans
-- subtitle: Départements de métropole et d'outre-mer au 31/12/$year
-- chart: ranking
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 20 ans (population au 1er janvier {population_year})
-- sort: value desc
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES)
-- params: focus, peers, year
-- indicators: TotEnfAccueillisASE
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans ({rank} départements, du taux le plus élevé au plus faible), contre {reference_number} {reference_in}.
-- The départements of the year's partition of France (hors Mayotte): Rhône once (69), Corse as
-- 2A and 2B until 2017 and as 20 from 2018.
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux, r.population_year
FROM rates r
JOIN territories t ON t.code = r.territory
WHERE r.indicator = 'TotEnfAccueillisASE' AND r.year = $year AND r.band = '0-20'
  AND (t.code IN (SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE')
       OR t.code = 'FRM')
