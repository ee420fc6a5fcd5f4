-- The focus département $focus (a DREES code) with its parent: a région for a département of
-- DREES's field, the Rhône (69) for 69D and 69M, none for Mayotte (976, outside DREES's field).
SELECT t.code, t.name, t.parent_code, p.kind AS parent_kind, p.name AS parent_name,
       t.valid_from, t.valid_to
FROM territories t
LEFT JOIN territories p ON p.code = t.parent_code
WHERE t.code = $focus AND t.kind = 'departement'
