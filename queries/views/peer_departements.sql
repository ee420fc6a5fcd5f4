-- Chaque département tel que le choix automatique des départements de comparaison le lit (queries/peers/) : territory, name, parent_code, region et region_name (sa région ; celle du Rhône pour 69D et 69M), scope (sa portée nationale, FRM ou DROM ; celle du Rhône pour 69D et 69M), overlapping (les territoires qui le recouvrent, `territory_overlaps`, séparés par des virgules : 69 pour 69M, 2A et 2B pour 20…).
-- The one place of these two rules: `peers/features.sql` (the former outcome-based choice) and
-- `peers/context_features.sql` (the context) both read them from here. Independent of the
-- year (the year's partition is theirs).
WITH home AS (
    SELECT d.code AS territory,
           CASE WHEN r.kind = 'region' THEN r.code ELSE g.code END AS region,
           CASE WHEN r.kind = 'region' THEN r.parent_code ELSE g.parent_code END AS scope
    FROM territories d
    LEFT JOIN territories r ON r.code = d.parent_code
    LEFT JOIN territories g ON g.code = r.parent_code AND g.kind = 'region'
    WHERE d.kind = 'departement'
),
ov AS (
    SELECT other, string_agg(territory, ',' ORDER BY territory) AS overlapping
    FROM territory_overlaps
    GROUP BY other
)
SELECT t.code AS territory, t.name, t.parent_code,
       h.region, rg.name AS region_name, h.scope,
       COALESCE(ov.overlapping, '') AS overlapping
FROM territories t
LEFT JOIN home h ON h.territory = t.code
LEFT JOIN territories rg ON rg.code = h.region
LEFT JOIN ov ON ov.other = t.code
WHERE t.kind = 'departement'
