-- title: Où se situe le département ? Enfants accueillis pour 1 000 jeunes de 0 à 20 ans
-- sheet: Rang du taux d'accueillis
-- subtitle: Départements de métropole et d'outre-mer au 31/12/$year
-- chart: ranking
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 20 ans (population au 1er janvier {population_year})
-- sort: value desc
-- note: raison
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES ; région : somme de ses départements)
-- params: focus, peers, references, year
-- indicators: TotEnfAccueillisASE
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans ({rank} départements, du taux le plus élevé au plus faible), contre {reference_number} {reference_in}.
-- The départements of the year's partition of France (hors Mayotte): Rhône once (69), Corse as
-- 2A and 2B until 2017 and as 20 from 2018. The focus and the peers are always there, in the
-- partition or not (69D, 69M): ranked when they have a value, else named in the chart's note
-- with `raison`.
WITH r AS (
    SELECT territory, rate_per_1000, population_year, value
    FROM rates
    WHERE indicator = 'TotEnfAccueillisASE' AND year = $year AND band = '0-20'
)
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux,
       COALESCE(r.population_year, (SELECT MAX(population_year) FROM r)) AS population_year,
       CASE
           WHEN r.rate_per_1000 IS NOT NULL THEN NULL
           WHEN t.valid_to < $year THEN 'code publié par la DREES jusqu''en ' || CAST(t.valid_to AS VARCHAR)
           WHEN t.valid_from > $year THEN 'code publié par la DREES à partir de ' || CAST(t.valid_from AS VARCHAR)
           WHEN p.kind = 'departement' THEN 'taux n.d. : l''Insee publie la population du ' || p.name || ' entier'
           WHEN r.territory IS NULL THEN 'taux n.d. : pas de population Insee ou pas de valeur DREES en ' || CAST($year AS VARCHAR)
           ELSE 'taux n.d. : pas de valeur DREES en ' || CAST($year AS VARCHAR)
       END AS raison
FROM territories t
LEFT JOIN r ON r.territory = t.code
LEFT JOIN territories p ON p.code = t.parent_code
WHERE t.code IN (SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE')
   OR t.code IN ($references) OR t.code = $focus OR t.code IN ($peers)
ORDER BY r.rate_per_1000 DESC NULLS LAST, t.code
