-- title: Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans
-- sheet: Taux d'enfants accueillis
-- subtitle: Au 31/12/$year ; population de 0 à 20 ans au 1er janvier {population_year} {population_note}
-- chart: bars
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 20 ans
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES ; région : somme de ses départements, taux = somme des effectifs / somme des populations)
-- params: focus, peers, references, year
-- indicators: TotEnfAccueillisASE
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux, r.population_year,
       CASE WHEN r.population_fallback THEN '(la dernière publiée : celle du 1er janvier ' || CAST($year + 1 AS VARCHAR) || ' ne l''est pas encore)' ELSE '' END AS population_note
FROM rates r
JOIN territories t ON t.code = r.territory
WHERE r.indicator = 'TotEnfAccueillisASE' AND r.year = $year AND r.band = '0-20'
  AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
ORDER BY CASE WHEN t.code IN ($references) THEN 1 ELSE 0 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, r.rate_per_1000 DESC
