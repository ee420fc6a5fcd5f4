-- Every département with a DREES count of children in care for $year (the 101-département benchmark);
-- the Rhône is taken whole (69), not as its two parts 69D and 69M.
SELECT DISTINCT o.territory
FROM observations o
JOIN territories t ON t.code = o.territory
WHERE t.kind = 'departement' AND t.code NOT IN ('69D', '69M') AND o.is_current AND o.indicator = 'TotEnfAccueillisASE'
  AND o.year = $year AND o.value IS NOT NULL
ORDER BY o.territory
