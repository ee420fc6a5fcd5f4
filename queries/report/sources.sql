-- Sources of a report: the official files, the focus département's own plan(s) and its OLINPE
-- extracts imported (file name, year, number of events; never a personal value).
SELECT id, publisher, title, edition, licence, origin FROM sources
UNION ALL
SELECT doc_id AS id, 'Département ' || department AS publisher, title, '' AS edition,
       'document public' AS licence, source_file AS origin
FROM documents WHERE department = $focus
UNION ALL
SELECT file AS id, 'Département ' || departement AS publisher,
       'Extraction OLINPE ' || CAST(year AS VARCHAR) || ' (' || CAST(events AS VARCHAR) || ' événements)' AS title,
       CAST(year AS VARCHAR) AS edition, 'données personnelles pseudonymisées, non diffusées' AS licence,
       file AS origin
FROM olinpe_extracts WHERE departement = $focus
ORDER BY id
