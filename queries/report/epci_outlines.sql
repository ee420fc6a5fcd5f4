-- Outlines of the EPCI of the focus département (table geo_epci, one row per vertex), in the
-- order the map's shape builder reads them: an EPCI's rows together, rings and points counting
-- up from 0. No rows when the focus's commune outlines are not imported.
SELECT code, name, ring, point, lon, lat
FROM geo_epci
WHERE departement = $focus
ORDER BY code, ring, point
