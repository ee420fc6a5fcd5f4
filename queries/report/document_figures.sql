-- Figures printed in the focus département's own plan that name a catalogue indicator, with their line.
SELECT d.title AS document, f.doc_id, f.line, f.label, f.value_text AS valeur, f.unit, f.kind,
       f.year, f.period_start, f.period_end, f.territory, f.indicator, f.note
FROM document_figures f
JOIN documents d ON d.doc_id = f.doc_id
WHERE d.department = $focus AND f.indicator IS NOT NULL
ORDER BY f.doc_id, f.line
