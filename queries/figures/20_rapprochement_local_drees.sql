-- title: Chiffres du département et de la DREES : rapprochement
-- sheet: Chiffres locaux et DREES
-- subtitle: Valeurs publiées par le département qui ont un équivalent publié (DREES, ou taux recalculé par depbench), même année
-- chart: table
-- category: ligne
-- code: territory
-- value: valeur_locale, valeur_reference, ecart, ecart_pct
-- headers: Valeur du département, Valeur de référence, Écart (département − référence), Écart (%)
-- label_header: Indicateur, année et référence
-- unit: count
-- units: count, count, count, percent
-- signed: ecart, ecart_pct
-- decimals: 1, 1, 1, 1
-- source: Chiffres du département (local_values) ; DREES, enquête Aide sociale (valeurs courantes) ; Insee, estimations de population ; calculs depbench (« recalculé » : IP reçues que le département donne ÷ population de 0 à 17 ans)
-- local: true
-- params: focus
-- lecture: {focus} : écart de {focus_value} entre sa valeur et la valeur de référence.
-- lecture_value: ecart_pct
-- Two kinds of counterpart: the DREES indicator a local indicator reconciles with
-- (`local_indicators.drees_indicator`), and, for the IP rate a plan prints, the rate depbench
-- computes from the IP count the same source gives (population of 0-17 year olds).
WITH drees AS (
    SELECT l.territory, l.short_label || ' ' || CAST(l.year AS VARCHAR) || ' / DREES' AS ligne,
           l.value AS valeur_locale, o.value AS valeur_reference
    FROM local_rates l
    JOIN local_indicators i ON i.id = l.indicator
    JOIN observations o ON o.is_current AND o.indicator = i.drees_indicator
                       AND o.territory = l.territory AND o.year = l.year
    WHERE l.territory = $focus AND l.value IS NOT NULL
),
ip_rate AS (
    SELECT p.territory, p.short_label || ' ' || CAST(p.year AS VARCHAR) || ' / recalculé' AS ligne,
           p.value AS valeur_locale, c.rate_per_1000 AS valeur_reference
    FROM local_rates p
    JOIN local_rates c ON c.territory = p.territory AND c.year = p.year AND c.indicator = 'ip_recues'
    WHERE p.territory = $focus AND p.indicator = 'taux_ip_recues' AND p.value IS NOT NULL
)
SELECT x.territory, x.ligne, f.name AS focus_name, x.valeur_locale, x.valeur_reference,
       x.valeur_locale - x.valeur_reference AS ecart,
       CASE WHEN x.valeur_reference <> 0 THEN 100.0 * (x.valeur_locale - x.valeur_reference) / x.valeur_reference END AS ecart_pct
FROM (SELECT * FROM drees UNION ALL SELECT * FROM ip_rate) x
JOIN territories f ON f.code = $focus
ORDER BY x.ligne
