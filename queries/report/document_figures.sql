-- Figures printed in the focus département's own plan that name a catalogue indicator, next to DREES (reconciliation view).
SELECT r.doc_id, r.line, r.label, r.territory, r.value_text AS valeur_publiee, r.unit,
       r.year, r.period_start, r.period_end, r.indicator,
       r.drees_rounded AS valeur_drees, r.difference, r.status AS statut, r.explanation AS explication
FROM reconciliation r
JOIN documents d ON d.doc_id = r.doc_id
WHERE d.department = $focus
ORDER BY r.doc_id, r.line, r.territory
