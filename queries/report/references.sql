-- The focus $focus's région in $year, for the report's references: its code and name (through `territories.region_code`, so 69D and 69M get Auvergne-Rhône-Alpes), its national scope (`FRM`, or `DROM` for the overseas régions) and the départements that make it up that year (`territory_partition`).
WITH f AS (
    SELECT code, region_code FROM territories WHERE code = $focus
),
members AS (
    SELECT d.parent_code AS region, COUNT(*) AS departements,
           string_agg(p.territory, ',' ORDER BY p.territory) AS members
    FROM territory_partition p
    JOIN territories d ON d.code = p.territory
    WHERE p.year = $year AND p.scope = 'FRE'
    GROUP BY d.parent_code
)
SELECT r.code AS region, r.name AS region_name, r.parent_code AS scope,
       COALESCE(m.departements, 0) AS departements, COALESCE(m.members, '') AS members
FROM f
JOIN territories r ON r.code = 'R' || f.region_code AND r.kind = 'region'
LEFT JOIN members m ON m.region = r.code
