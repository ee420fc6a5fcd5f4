-- The latest year with a published DREES count of children in care, per territory (`--year
-- latest`: a report's year is the focus's latest; 2A and 2B end in 2017, 20 starts in 2018).
SELECT territory, MAX(year) AS last_year
FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND value IS NOT NULL
GROUP BY territory
ORDER BY territory
