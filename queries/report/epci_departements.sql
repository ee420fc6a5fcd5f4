-- Départements whose EPCI have outlines (table geo_epci): the commune outlines imported.
SELECT DISTINCT departement FROM geo_epci ORDER BY departement
