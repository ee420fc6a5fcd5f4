-- title: Évolution des assistants familiaux employés par le département
-- sheet: Assistants familiaux
-- subtitle: Indice base 100 en {base_year}, effectifs au 31/12
-- chart: lines
-- category: territoire
-- code: territory
-- series: year
-- value: indice
-- unit: index
-- axis: indice (base 100 en {base_year})
-- source: DREES, enquête Aide sociale (personnel départemental, assistants familiaux) ; calculs depbench (région : somme de ses départements)
-- params: focus, peers, references, year
-- indicators: effpersassfam
-- lecture: entre {base_year} et {last_year}, le nombre d'assistants familiaux employés par le département passe de l'indice 100 à {focus_number} {focus_in}, contre {reference_number} {reference_in}.
-- First year (2014-2016) where the focus and a reference both publish a non-zero count (a base of
-- 0 gives no index); ND years are gaps.
WITH a AS (
    SELECT territory, year, value FROM bench_observations
    WHERE indicator = 'effpersassfam' AND year <= $year
),
b AS (
    SELECT MIN(f.year) AS year FROM a f JOIN a n ON n.year = f.year AND n.territory IN ($references)
    WHERE f.territory = $focus AND f.value > 0 AND n.value > 0
)
SELECT t.code AS territory, t.name AS territoire, a.year, b.year AS base_year,
       CASE WHEN base.value <> 0 THEN 100.0 * a.value / base.value END AS indice
FROM a
CROSS JOIN b
JOIN a base ON base.territory = a.territory AND base.year = b.year
JOIN territories t ON t.code = a.territory
WHERE a.year >= b.year AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
ORDER BY CASE WHEN t.code = $focus THEN 0 WHEN t.code IN ($references) THEN 2 ELSE 1 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, t.name, a.year
