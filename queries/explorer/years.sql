-- Years with published DREES values for children in care: the range of the explorer's year picker.
SELECT MIN(year) AS first_year, MAX(year) AS last_year
FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND value IS NOT NULL
