-- Every département (code, name) the explorer's picker offers, in code order, with the name of
-- the département it is part of (`whole`: the Rhône for 69D and 69M, whose populations Insee
-- publishes only with the Rhône's, so that their rates are n.d.).
SELECT t.code, t.name, CASE WHEN p.kind = 'departement' THEN p.name END AS whole
FROM territories t
LEFT JOIN territories p ON p.code = t.parent_code
WHERE t.kind = 'departement'
ORDER BY t.code
