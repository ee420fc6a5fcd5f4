-- title: Évolution du nombre d'enfants accueillis à l'ASE
-- sheet: Évolution des accueillis
-- subtitle: Indice base 100 en $from, effectifs au 31/12
-- chart: lines
-- category: territoire
-- code: territory
-- series: year
-- value: indice
-- unit: index
-- axis: indice (base 100 en $from)
-- source: DREES, enquête Aide sociale (séries prolongées à 2022) ; calculs depbench (région : somme de ses départements)
-- params: focus, peers, references, from, year
-- indicators: TotEnfAccueillisASE
-- lecture: entre $from et {last_year}, le nombre d'enfants accueillis à l'ASE passe de l'indice 100 à {focus_number} {focus_in}, contre {reference_number} {reference_in}.
WITH base AS (
    SELECT territory, value AS base_value FROM bench_observations
    WHERE indicator = 'TotEnfAccueillisASE' AND year = $from
)
SELECT t.code AS territory, t.name AS territoire, o.year, CASE WHEN b.base_value <> 0 THEN 100.0 * o.value / b.base_value END AS indice
FROM bench_observations o
JOIN base b ON b.territory = o.territory
JOIN territories t ON t.code = o.territory
WHERE o.indicator = 'TotEnfAccueillisASE'
  AND o.year BETWEEN $from AND $year
  AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
ORDER BY CASE WHEN t.code = $focus THEN 0 WHEN t.code IN ($references) THEN 2 ELSE 1 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, t.name, o.year
