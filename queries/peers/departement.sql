-- Name of département $code (no row when the code is not a département).
SELECT name FROM territories WHERE code = $code AND kind = 'departement'
