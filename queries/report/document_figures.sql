-- Figures printed in the focus département's own plan that name a catalogue indicator, next to DREES (reconciliation view), for readers: the published value as a number (a number cell in the workbook), its unit beside it; the DREES value as computed, never rounded (the report shows it with its unit's decimals: src/report/published.rs).
SELECT r.line AS ligne,
       r.label AS "libellé",
       t.name AS territoire,
       r.value AS "valeur publiée",
       fr_unit(r.unit) AS "unité",
       r.drees_value AS "valeur DREES",
       r.statut AS statut,
       r.explanation AS explication
FROM reconciliation r
JOIN documents d ON d.doc_id = r.doc_id
LEFT JOIN territories t ON t.code = r.territory
WHERE d.department = $focus
ORDER BY r.doc_id, r.line, r.territory
