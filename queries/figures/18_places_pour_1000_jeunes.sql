-- title: Places d'accueil pour 1 000 jeunes de 0 à 20 ans, par type
-- sheet: Places d'accueil
-- subtitle: Au 31/12/{shown_year} (année la plus récente commune au département et au plus grand nombre de ses départements de comparaison) ; population de 0 à 20 ans au 1er janvier {population_year} {population_note}
-- chart: table
-- category: territoire
-- code: territory
-- value: mecs, lva, fde, pouponniere, village, urgence, total
-- headers: MECS (‰), Lieux de vie et d'accueil (‰), Foyer départemental de l'enfance (‰), Pouponnière (‰), Village d'enfants (‰), Accueil d'urgence (‰), Total donné par le département (‰)
-- unit: per_thousand
-- decimals: 2
-- source: Chiffres des départements (kits de données locales, schémas départementaux : ligne ou cellule citée dans local_values) ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans)
-- local: true
-- params: focus, peers
-- lecture: au 31/12/{shown_year}, {focus} compte {focus_number} places en MECS pour 1 000 jeunes de 0 à 20 ans.
-- Only the kinds a département gives: an empty cell is a kind not given, never 0; « Total » is the
-- total the département gives itself (places_total), never a sum computed here.
WITH places AS (
    SELECT * FROM local_rates WHERE indicator LIKE 'places\_%' ESCAPE '\'
),
focus_year AS (
    SELECT year FROM places
    WHERE rate_per_1000 IS NOT NULL AND (territory = $focus OR territory IN ($peers))
    GROUP BY year HAVING bool_or(territory = $focus)
    ORDER BY COUNT(DISTINCT territory) DESC, year DESC LIMIT 1
)
SELECT t.code AS territory, t.name AS territoire, y.year AS shown_year, f.name AS focus_name,
       MAX(p.population_year) AS population_year,
       CASE WHEN bool_or(p.population_fallback) THEN '(la dernière publiée)' ELSE '' END AS population_note,
       MAX(CASE WHEN p.indicator = 'places_mecs' THEN p.rate_per_1000 END) AS mecs,
       MAX(CASE WHEN p.indicator = 'places_lva' THEN p.rate_per_1000 END) AS lva,
       MAX(CASE WHEN p.indicator = 'places_fde' THEN p.rate_per_1000 END) AS fde,
       MAX(CASE WHEN p.indicator = 'places_pouponniere' THEN p.rate_per_1000 END) AS pouponniere,
       MAX(CASE WHEN p.indicator = 'places_village' THEN p.rate_per_1000 END) AS village,
       MAX(CASE WHEN p.indicator = 'places_urgence' THEN p.rate_per_1000 END) AS urgence,
       MAX(CASE WHEN p.indicator = 'places_total' THEN p.rate_per_1000 END) AS total
FROM places p
JOIN focus_year y ON p.year = y.year
JOIN territories t ON t.code = p.territory
JOIN territories f ON f.code = $focus
WHERE t.code = $focus OR t.code IN ($peers)
GROUP BY t.code, t.name, y.year, f.name
ORDER BY CASE WHEN t.code = $focus THEN 0 ELSE 1 END, t.name
