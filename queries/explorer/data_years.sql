-- The years each territory has a DREES count of children in care (the test of
-- peers/has_data.sql, for every territory at once): the explorer checks a focus or a peer
-- against it without a query per request.
SELECT territory, year FROM observations
WHERE is_current AND indicator = 'TotEnfAccueillisASE' AND value IS NOT NULL
GROUP BY territory, year
ORDER BY territory, year
