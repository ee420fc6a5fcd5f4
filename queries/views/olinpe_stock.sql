-- Stock OLINPE au 31 décembre de chaque année d'extraction : mesures en cours (DATDEB ≤ 31/12, fin absente ou après le 31/12) et personnes distinctes, par type de mesure, et `total` (une personne peut tenir plusieurs mesures). Données brutes, non soumises au secret statistique.
WITH years AS (
    SELECT DISTINCT departement, year FROM olinpe_events
),
s AS (
    SELECT y.departement, y.year, m.measure_type, m.person
    FROM years y
    JOIN olinpe_measures m ON m.departement = y.departement
    WHERE m.datdeb <= make_date(y.year, 12, 31)
      AND (m.end_date IS NULL OR m.end_date > make_date(y.year, 12, 31))
)
SELECT departement, year, measure_type, COUNT(*) AS measures, COUNT(DISTINCT person) AS persons
FROM s GROUP BY departement, year, measure_type
UNION ALL
SELECT departement, year, 'total' AS measure_type, COUNT(*) AS measures, COUNT(DISTINCT person) AS persons
FROM s GROUP BY departement, year
