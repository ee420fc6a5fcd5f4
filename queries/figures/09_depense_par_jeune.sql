-- title: Dépense brute d'aide sociale à l'enfance par jeune de 0 à 19 ans
-- subtitle: En euros courants, année {year} (dernière année publiée ≤ $year)
-- chart: bars
-- category: territoire
-- code: territory
-- value: euros
-- unit: euro
-- axis: euros par jeune de 0 à 19 ans
-- source: DREES, enquête Aide sociale (dépenses) ; Insee, estimations de population ; calculs depbench
-- params: focus, peers, year
WITH y AS (
    SELECT MAX(year) AS year FROM spending_ratios
    WHERE year <= $year AND territory = $focus AND depense_par_jeune IS NOT NULL
)
SELECT t.code AS territory, t.name AS territoire, s.year, s.depense_par_jeune AS euros
FROM spending_ratios s
JOIN y ON s.year = y.year
JOIN territories t ON t.code = s.territory
WHERE t.code = $focus OR t.code IN ($peers) OR t.code = 'FRM'
ORDER BY CASE WHEN t.code = 'FRM' THEN 1 ELSE 0 END, s.depense_par_jeune DESC
