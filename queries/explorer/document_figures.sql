-- The figures document $doc prints, each with its seed line, next to DREES (reconciliation view).
SELECT f.line AS ligne, f.label AS "libellé", COALESCE(t.name, dt.name, f.territory) AS territoire,
       f.value_text AS "valeur publiée", fr_unit(f.unit) AS "unité", f.year AS "année",
       r.drees_rounded AS "valeur DREES",
       r.statut AS rapprochement,
       r.explanation AS explication
FROM document_figures f
LEFT JOIN territories t ON t.code = f.territory
-- Sub-territories (EPCI, délégations…) are named by the document itself.
LEFT JOIN document_territories dt ON dt.doc_id = f.doc_id AND dt.code = f.territory
LEFT JOIN reconciliation r
       ON r.doc_id = f.doc_id AND r.line = f.line AND r.territory = f.territory
      AND r.label = f.label
WHERE f.doc_id = $doc
ORDER BY f.line, f.territory
