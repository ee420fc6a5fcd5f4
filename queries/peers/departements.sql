-- Every département (code, name), for resolving what users type (`61`, `1`, `Orne`).
SELECT code, name FROM territories WHERE kind = 'departement' ORDER BY code
