-- Years with published DREES values for children in care (the range a report year must fall in).
SELECT MIN(year) AS first_year, MAX(year) AS last_year
FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND value IS NOT NULL
