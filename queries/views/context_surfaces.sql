-- Superficie de chaque département (km²), calculée sur ses contours IGN de data/geo (table geo_departements).
-- materialize: true
-- Method: each ring's area by the shoelace formula on Lambert's cylindrical equal-area
-- projection (x = R·λ, y = R·sin φ, λ and φ in radians, R = 6 371,0072 km, the authalic radius
-- of the WGS84 ellipsoid), which preserves areas; the rings are the outer rings of the
-- simplified outlines (islands and enclaves kept, holes dropped, Douglas–Peucker at 0,005°):
-- a few per cent off the official area for the smallest départements, far less elsewhere.
-- Corse (20, the DREES code from 2018) = 2A + 2B.
WITH v AS (
    SELECT code, ring, point,
           RADIANS(lon) * 6371.0072 AS x,
           SIN(RADIANS(lat)) * 6371.0072 AS y
    FROM geo_departements
),
e AS (
    SELECT code, ring, x, y,
           COALESCE(LEAD(x) OVER (PARTITION BY code, ring ORDER BY point),
                    FIRST_VALUE(x) OVER (PARTITION BY code, ring ORDER BY point)) AS x2,
           COALESCE(LEAD(y) OVER (PARTITION BY code, ring ORDER BY point),
                    FIRST_VALUE(y) OVER (PARTITION BY code, ring ORDER BY point)) AS y2
    FROM v
),
rings AS (
    SELECT code, ring, ABS(SUM(x * y2 - x2 * y)) / 2 AS area
    FROM e GROUP BY code, ring
),
deps AS (
    SELECT code AS territory, SUM(area) AS area_km2 FROM rings GROUP BY code
)
SELECT territory, area_km2 FROM deps
UNION ALL
SELECT '20' AS territory, SUM(area_km2) AS area_km2 FROM deps
WHERE territory IN ('2A', '2B') HAVING COUNT(*) = 2
