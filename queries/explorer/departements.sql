-- Every département (code, name) the explorer's picker offers, in code order.
SELECT code, name FROM territories WHERE kind = 'departement' ORDER BY code
