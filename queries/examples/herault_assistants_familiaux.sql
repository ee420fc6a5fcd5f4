-- Every Hérault (34) figure about assistants familiaux, with its line in the seed.
SELECT f.line, f.label, f.value_text, f.unit, f.kind, f.year, f.period_start, f.period_end,
       f.indicator, f.note
FROM document_figures f
JOIN documents d ON d.doc_id = f.doc_id
WHERE d.department = '34'
  AND (f.indicator = 'effpersassfam'
       OR lower(f.label) LIKE '%assistant%famil%'
       OR lower(f.label) LIKE '%assfam%')
ORDER BY f.line, f.label
