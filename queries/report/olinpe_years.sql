-- The years of the OLINPE extracts loaded for the focus département (table olinpe_extracts,
-- one row per extract file): which « Parcours (OLINPE) » figures can be drawn for it.
SELECT DISTINCT year FROM olinpe_extracts WHERE departement = $focus ORDER BY year
