-- title: Évolution du taux d'enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, $since-$year
-- sheet: Taux d'accueillis, évolution
-- subtitle: Effectifs au 31/12 de chaque année, population de 0 à 20 ans au 1er janvier de l'année suivante {population_note}
-- chart: lines
-- category: territoire
-- code: territory
-- series: year
-- value: taux
-- headers: Enfants accueillis pour 1 000 jeunes de 0 à 20 ans (‰)
-- unit: per_thousand
-- axis: pour 1 000 jeunes de 0 à 20 ans
-- source: DREES, enquête Aide sociale (séries prolongées à 2022) ; Insee, estimations de population au 1er janvier ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES ; région : somme de ses départements, taux = somme des effectifs / somme des populations)
-- params: focus, peers, references, since, year
-- indicators: TotEnfAccueillisASE
-- lecture: en {last_year}, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
-- The first question of an annual report: how the rate of children accueillis per 1 000 young
-- people evolved over ten years (`since`: --from, else ten years before --year), next to the
-- région, France and the peers. Rates of the `rates` view (DREES convention: stock at 31/12/N
-- over the 0-20 population at 1/1/N+1; the latest published population when N+1 is not yet).
WITH shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS ord,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
r AS (
    SELECT territory, year, rate_per_1000, population_year, population_fallback
    FROM rates
    WHERE indicator = 'TotEnfAccueillisASE' AND band = '0-20' AND year BETWEEN $since AND $year
      AND territory IN (SELECT code FROM shown)
),
fallback AS (
    SELECT MIN(year) AS year, MAX(population_year) AS population_year
    FROM r WHERE population_fallback
)
SELECT s.code AS territory, s.name AS territoire, r.year, r.rate_per_1000 AS taux,
       CASE WHEN f.year IS NULL THEN ''
            ELSE '(pour ' || CAST(f.year AS VARCHAR) || (CASE WHEN f.year < $year THEN '-$year' ELSE '' END)
                 || ' : au 1er janvier ' || CAST(f.population_year AS VARCHAR) || ', la dernière publiée)'
       END AS population_note
FROM shown s
JOIN r ON r.territory = s.code
CROSS JOIN fallback f
ORDER BY s.ord, s.ref_ord, s.name, r.year
