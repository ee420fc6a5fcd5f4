-- title: Informations préoccupantes reçues pour 1 000 mineurs
-- sheet: Informations préoccupantes
-- subtitle: En {shown_year} (année la plus récente commune au département et au plus grand nombre de ses départements de comparaison) ; population de 0 à 17 ans au 1er janvier {population_year} {population_note}
-- chart: bars
-- category: territoire
-- code: territory
-- value: taux
-- unit: per_thousand
-- decimals: 1
-- axis: IP reçues pour 1 000 mineurs (0-17 ans)
-- source: Chiffres des départements (kits de données locales, schémas départementaux : ligne ou cellule citée dans local_values) ; Insee, estimations de population ; calculs depbench (0-17 ans estimés : 0-14 ans + 3/5 des 15-19 ans)
-- local: true
-- params: focus, peers
-- lecture: en {shown_year}, {focus} reçoit {focus_number} informations préoccupantes pour 1 000 mineurs.
-- The year: the latest one the focus shares with the most peers (so that a kit one year behind
-- still compares). Local values only: the focus and the peers that gave a value that year; no reference is drawn
-- (DREES publishes no IP count), the peers without a value are named under the chart.
WITH focus_year AS (
    SELECT year FROM local_rates
    WHERE indicator = 'ip_recues' AND rate_per_1000 IS NOT NULL AND (territory = $focus OR territory IN ($peers))
    GROUP BY year HAVING bool_or(territory = $focus)
    ORDER BY COUNT(*) DESC, year DESC LIMIT 1
)
SELECT t.code AS territory, t.name AS territoire, r.rate_per_1000 AS taux, r.value AS ip_recues,
       r.year AS shown_year, r.population_year, f.name AS focus_name,
       CASE WHEN r.population_fallback THEN '(la dernière publiée)' ELSE '' END AS population_note
FROM local_rates r
JOIN focus_year y ON r.year = y.year
JOIN territories t ON t.code = r.territory
JOIN territories f ON f.code = $focus
WHERE r.indicator = 'ip_recues' AND (t.code = $focus OR t.code IN ($peers))
ORDER BY r.rate_per_1000 DESC
