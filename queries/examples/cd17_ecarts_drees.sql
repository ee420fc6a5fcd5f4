-- Every Charente-Maritime (17) document figure that differs from DREES (or measures another concept), with the DREES value and the reviewed explanation.
SELECT r.line, r.territory, r.indicator, r.kind, r.value_text, r.drees_value, r.drees_rounded,
       r.difference, r.status, r.explanation, r.label
FROM reconciliation r
JOIN documents d ON d.doc_id = r.doc_id
WHERE d.department = '17' AND r.status IN ('differs', 'different concept')
ORDER BY r.line, r.territory, r.indicator
