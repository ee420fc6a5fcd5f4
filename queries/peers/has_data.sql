-- The territories for which DREES publishes a count of children in care in $year (a département
-- has data when it is listed). The list depends on the year only, so one run serves every
-- report of the year.
SELECT DISTINCT territory FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND year = $year AND value IS NOT NULL
ORDER BY territory
