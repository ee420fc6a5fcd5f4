-- Change of every current DREES value between two years: absolute and in % (filter on from_year and to_year).
SELECT a.territory, a.indicator, a.year AS from_year, b.year AS to_year,
       a.value AS value_from, b.value AS value_to,
       b.value - a.value AS change,
       100.0 * (b.value - a.value) / a.value AS change_pct
FROM observations a
JOIN observations b
  ON b.territory = a.territory AND b.indicator = a.indicator AND b.year > a.year
WHERE a.is_current AND b.is_current
