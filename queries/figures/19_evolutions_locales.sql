-- title: Évolution des chiffres locaux du département
-- sheet: Chiffres locaux, évolution
-- subtitle: Entre la première et la dernière année données par le département pour chaque indicateur, et chez les départements de comparaison qui donnent les mêmes années
-- chart: table
-- category: ligne
-- code: territory
-- value: value_from, value_to, change, change_pct
-- headers: Valeur de départ, Valeur d'arrivée, Évolution (nombre), Évolution (%)
-- label_header: Indicateur, période et territoire
-- unit: count
-- units: count, count, count, percent
-- signed: change, change_pct
-- decimals: 0, 0, 0, 1
-- source: Chiffres des départements (kits de données locales, schémas départementaux : ligne ou cellule citée dans local_values) ; calculs depbench
-- local: true
-- params: focus, peers
-- lecture: {focus} : évolution de {focus_value} entre les deux années données.
-- lecture_value: change_pct
-- Counts only (rates and averages are not summed into changes); a change needs two years of the
-- focus; a base of 0 gives no %.
WITH counts AS (
    SELECT r.* FROM local_rates r
    JOIN local_indicators i ON i.id = r.indicator AND i.unit IN ('count', 'places', 'thousand_euro')
    WHERE r.value IS NOT NULL
),
span AS (
    SELECT indicator, MIN(year) AS from_year, MAX(year) AS to_year FROM counts
    WHERE territory = $focus GROUP BY indicator HAVING MIN(year) < MAX(year)
)
SELECT t.code AS territory, a.short_label || ' ' || CAST(s.from_year AS VARCHAR) || '-' || CAST(s.to_year AS VARCHAR) || ' : ' || t.name AS ligne,
       f.name AS focus_name, a.value AS value_from, b.value AS value_to, b.value - a.value AS change,
       CASE WHEN a.value <> 0 THEN 100.0 * (b.value - a.value) / a.value END AS change_pct
FROM span s
JOIN counts a ON a.indicator = s.indicator AND a.year = s.from_year
JOIN counts b ON b.indicator = s.indicator AND b.year = s.to_year AND b.territory = a.territory
JOIN territories t ON t.code = a.territory
JOIN territories f ON f.code = $focus
WHERE t.code = $focus OR t.code IN ($peers)
ORDER BY a.indicator, CASE WHEN t.code = $focus THEN 0 ELSE 1 END, t.name
