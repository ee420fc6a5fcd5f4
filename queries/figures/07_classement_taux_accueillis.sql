-- title: Où se situe le département ? Enfants accueillis pour 1 000 jeunes de 0 à 19 ans
-- subtitle: Départements de métropole et d'outre-mer au 31/12/$year
-- chart: ranking
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 19 ans
-- sort: value desc
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench
-- params: focus, peers, year
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux
FROM rates r
JOIN territories t ON t.code = r.territory
WHERE r.indicator = 'TotEnfAccueillisASE' AND r.year = $year
  AND ((t.kind = 'departement' AND t.code NOT IN ('69D', '69M', '2A', '2B')) OR t.code = 'FRM')
