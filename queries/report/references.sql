-- Every territory's région in $year, for the report's references (the report keeps its focus's
-- row): the région's code and name (through `territories.region_code`, so 69D and 69M get
-- Auvergne-Rhône-Alpes), its national scope (`FRM`, or `DROM` for the overseas régions) and the
-- départements that make it up that year (`territory_partition`). A territory without a région
-- in DREES's field (Mayotte) has no row. The list depends on the year only, so one run serves
-- every report of the year.
WITH members AS (
    SELECT d.parent_code AS region, COUNT(*) AS departements,
           string_agg(p.territory, ',' ORDER BY p.territory) AS members
    FROM territory_partition p
    JOIN territories d ON d.code = p.territory
    WHERE p.year = $year AND p.scope = 'FRE'
    GROUP BY d.parent_code
)
SELECT f.code AS territory, r.code AS region, r.name AS region_name, r.parent_code AS scope,
       COALESCE(m.departements, 0) AS departements, COALESCE(m.members, '') AS members
FROM territories f
JOIN territories r ON r.code = 'R' || f.region_code AND r.kind = 'region'
LEFT JOIN members m ON m.region = r.code
ORDER BY f.code
