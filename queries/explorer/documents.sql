-- Every document (a département's plan or état des lieux) with its département and counts.
SELECT d.doc_id, d.department, t.name AS departement, d.title, d.source_file,
       (SELECT COUNT(*) FROM document_figures f WHERE f.doc_id = d.doc_id) AS chiffres,
       (SELECT COUNT(*) FROM plan_items p WHERE p.doc_id = d.doc_id) AS elements
FROM documents d
LEFT JOIN territories t ON t.code = d.department
ORDER BY d.department, d.doc_id
