-- title: Dépense brute d'aide sociale à l'enfance par jeune de 0 à 20 ans
-- sheet: Dépense ASE par jeune
-- subtitle: En euros courants, année {year} ; population de 0 à 20 ans au 1er janvier {population_year}
-- chart: bars
-- category: territoire
-- code: territory
-- value: euros
-- unit: euro
-- axis: euros par jeune de 0 à 20 ans
-- source: DREES, enquête Aide sociale (dépenses) ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES ; région : somme de ses départements)
-- params: focus, peers, references, year
-- indicators: DepBruteASE
-- lecture: en {year}, la dépense brute d'aide sociale à l'enfance s'élève à {focus_value} par jeune de 0 à 20 ans {focus_in}, contre {reference_value} {reference_in}.
WITH y AS (
    SELECT MAX(year) AS year FROM spending_ratios
    WHERE year <= $year AND territory = $focus AND depense_par_jeune_0_20 IS NOT NULL
)
SELECT t.code AS territory, t.name AS territoire, s.year, s.depense_par_jeune_0_20 AS euros, s.population_year
FROM spending_ratios s
JOIN y ON s.year = y.year
JOIN territories t ON t.code = s.territory
WHERE t.code = $focus OR t.code IN ($peers) OR t.code IN ($references)
ORDER BY CASE WHEN t.code IN ($references) THEN 1 ELSE 0 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, s.depense_par_jeune_0_20 DESC
