-- Sources of a report: the official files, the focus département's own plan(s) and its OLINPE
-- extracts imported (file name, year, number of events in the French format, `11 238`; never a
-- personal value). The DREES monthly follow-up of the prestations and the national series of
-- the aide sociale feed no figure of a report (tables prestations_mensuelles and aide_sociale_nationale, see
-- docs/context.md): they are not named among its sources.
SELECT id, publisher, title, edition, licence, origin FROM sources
WHERE id NOT LIKE 'drees-prestations-mensuelles-%' AND id NOT LIKE 'drees-aide-sociale-nationale-%'
UNION ALL
SELECT doc_id AS id, 'Département ' || department AS publisher, title, '' AS edition,
       'document public' AS licence, source_file AS origin
FROM documents WHERE department = $focus
UNION ALL
SELECT file AS id, 'Département ' || departement AS publisher,
       'Extraction OLINPE ' || CAST(year AS VARCHAR) || ' (' || fr_number(events, 0) || ' événements)' AS title,
       CAST(year AS VARCHAR) AS edition, 'données personnelles pseudonymisées, non diffusées' AS licence,
       file AS origin
FROM olinpe_extracts WHERE departement = $focus
ORDER BY id
