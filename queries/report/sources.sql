-- Sources of a report: the official files and the focus département's own plan(s).
SELECT id, publisher, title, edition, licence, origin FROM sources
UNION ALL
SELECT doc_id AS id, 'Département ' || department AS publisher, title, '' AS edition,
       'document public' AS licence, source_file AS origin
FROM documents WHERE department = $focus
ORDER BY id
