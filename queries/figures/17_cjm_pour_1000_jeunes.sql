-- title: Contrats jeunes majeurs pour 1 000 jeunes de 18 à 20 ans
-- sheet: Contrats jeunes majeurs
-- subtitle: Au 31/12/{shown_year} (année la plus récente commune au département et au plus grand nombre de ses départements de comparaison) ; population de 18 à 20 ans au 1er janvier {population_year} {population_note}
-- chart: bars
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- decimals: 1
-- axis: contrats jeunes majeurs pour 1 000 jeunes de 18 à 20 ans
-- source: Chiffres des départements (kits de données locales, schémas départementaux : ligne ou cellule citée dans local_values) ; Insee, estimations de population ; calculs depbench (18-20 ans estimés : 2/5 des 15-19 ans + 1/5 des 20-24 ans)
-- local: true
-- params: focus, peers
-- lecture: au 31/12/{shown_year}, {focus} compte {focus_number} contrats jeunes majeurs pour 1 000 jeunes de 18 à 20 ans.
-- The year: the latest one the focus shares with the most peers (so that a kit one year behind
-- still compares). Local values only, no reference (DREES publishes no count of contrats jeunes majeurs).
WITH focus_year AS (
    SELECT year FROM local_rates
    WHERE indicator = 'cjm' AND rate_per_1000 IS NOT NULL AND (territory = $focus OR territory IN ($peers))
    GROUP BY year HAVING bool_or(territory = $focus)
    ORDER BY COUNT(*) DESC, year DESC LIMIT 1
)
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux, r.value AS cjm,
       r.year AS shown_year, r.population_year, f.name AS focus_name,
       CASE WHEN r.population_fallback THEN '(la dernière publiée)' ELSE '' END AS population_note
FROM local_rates r
JOIN focus_year y ON r.year = y.year
JOIN territories t ON t.code = r.territory
JOIN territories f ON f.code = $focus
WHERE r.indicator = 'cjm' AND (t.code = $focus OR t.code IN ($peers))
ORDER BY r.rate_per_1000 DESC
