-- Valeurs locales courantes (kits des départements, chiffres de leurs schémas) rapportées à la population Insee de la tranche de leur indicateur : pour 1 000 jeunes de 0 à 17 ans (IP, mineurs concernés, MNA), de 18 à 20 ans (contrats jeunes majeurs) ou de 0 à 20 ans (places, PEAD), au 1er janvier N+1 (la dernière publiée quand celle de N+1 ne l'est pas encore).
-- materialize: true
-- One row per current local value (`local_values.is_current`). `band` is the indicator's
-- population (`local_indicators.population`): pop_0_17 and pop_0_20 of the `populations` view
-- (estimated from Insee's 5-year bands), pop_18_20 = pop_0_20 − pop_0_17 (2/5 of the 15-19 +
-- 1/5 of the 20-24, estimated the same way). A value without a band, a population or a value
-- has a NULL rate and says why in `rate_status`.
WITH bands AS (
    SELECT territory, year, 'pop_0_17' AS band, pop_0_17 AS population FROM populations
    UNION ALL
    SELECT territory, year, 'pop_18_20', pop_0_20 - pop_0_17 FROM populations
    UNION ALL
    SELECT territory, year, 'pop_0_20', pop_0_20 FROM populations
),
pop AS (
    SELECT territory, year, band, population,
           MAX(year) OVER (PARTITION BY territory, band) AS last_year
    FROM bands WHERE population > 0
),
latest AS (
    SELECT territory, year, band, population FROM pop WHERE year = last_year
),
v AS (
    SELECT lv.territory, lv.indicator, li.label, li.short_label, li.unit, lv.year, lv.value, lv.status,
           lv.source_id, lv.source_ref, lv.edition, li.population AS band
    FROM local_values lv
    JOIN local_indicators li ON li.id = lv.indicator
    WHERE lv.is_current
)
SELECT v.territory, v.indicator, v.label, v.short_label, v.unit, v.year, v.value, v.status, v.source_id,
       v.source_ref, v.edition, v.band,
       COALESCE(p.year, l.year) AS population_year,
       COALESCE(p.population, l.population) AS population,
       p.year IS NULL AND l.year IS NOT NULL AS population_fallback,
       CASE WHEN v.value IS NOT NULL AND COALESCE(p.population, l.population) > 0
            THEN 1000.0 * v.value / COALESCE(p.population, l.population) END AS rate_per_1000,
       CASE WHEN v.band IS NULL THEN 'no population band'
            WHEN v.value IS NULL THEN 'no value'
            WHEN COALESCE(p.population, l.population) IS NULL THEN 'no population'
            ELSE 'computed' END AS rate_status
FROM v
LEFT JOIN pop p ON p.territory = v.territory AND p.band = v.band AND p.year = v.year + 1
LEFT JOIN latest l ON l.territory = v.territory AND l.band = v.band AND v.year + 1 > l.year
