-- Départements `--every-departement` leaves out for $year, with why (in French): outside DREES's
-- field (Mayotte), a part of a département reported whole (69D, 69M: the Rhône as 69), not in
-- existence that year (2A/2B from 2018, 20 before), or no DREES count of children in care.
WITH reported AS (
    SELECT DISTINCT o.territory
    FROM observations o
    WHERE o.is_current AND o.indicator = 'TotEnfAccueillisASE' AND o.year = $year
      AND o.value IS NOT NULL
)
SELECT t.code, t.name,
       CASE
           WHEN t.parent_code IS NULL THEN 'hors du champ de la DREES'
           WHEN p.kind = 'departement' THEN 'partie de ' || p.name || ' (' || p.code || '), rapporté entier'
           WHEN (t.valid_from IS NOT NULL AND t.valid_from > $year)
             OR (t.valid_to IS NOT NULL AND t.valid_to < $year)
               THEN 'n''existe pas en ' || CAST($year AS VARCHAR)
           ELSE 'pas de donnée DREES pour ' || CAST($year AS VARCHAR)
       END AS reason
FROM territories t
LEFT JOIN territories p ON p.code = t.parent_code
LEFT JOIN reported r ON r.territory = t.code
WHERE t.kind = 'departement'
  AND (r.territory IS NULL OR p.kind = 'departement')
ORDER BY t.code
