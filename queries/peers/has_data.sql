-- Whether DREES publishes a count of children in care for département $code in $year (n > 0).
SELECT COUNT(*) AS n FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND territory = $code AND year = $year
  AND value IS NOT NULL
