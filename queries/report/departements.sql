-- Every département with a DREES count of children in care for $year (the 101-département benchmark).
SELECT DISTINCT o.territory
FROM observations o
JOIN territories t ON t.code = o.territory
WHERE t.kind = 'departement' AND o.is_current AND o.indicator = 'TotEnfAccueillisASE'
  AND o.year = $year AND o.value IS NOT NULL
ORDER BY o.territory
