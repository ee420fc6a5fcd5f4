-- Départements a document of the focus département compares itself with (its own comparison set),
-- keeping only codes that exist in $year (Corse-du-Sud 2A is DREES's 20 from 2018).
SELECT DISTINCT c.territory
FROM comparison_sets c
JOIN documents d ON d.doc_id = c.doc_id
JOIN territories t ON t.code = c.territory AND t.kind = 'departement'
WHERE d.department = $focus AND c.territory <> $focus
  AND (t.valid_to IS NULL OR t.valid_to >= $year)
  AND (t.valid_from IS NULL OR t.valid_from <= $year)
ORDER BY c.territory
