-- Évolution de chaque valeur DREES courante entre deux années, en nombre et en % (filtrer sur from_year et to_year) ; `status` dit pourquoi une évolution est NULL.
-- status: `computed`; `no value` (either year has no value: marker, or territory not existing that
-- year); `base is zero` (the % change has no base: change_pct NULL, the absolute change is kept).
-- A change is never ±inf or NaN.
-- Régions are the sums of their départements (`bench_observations`, `region_sums`), not DREES's régional rows.
SELECT a.territory, a.indicator, a.year AS from_year, b.year AS to_year,
       a.value AS value_from, b.value AS value_to,
       b.value - a.value AS change,
       CASE WHEN a.value <> 0 THEN 100.0 * (b.value - a.value) / a.value END AS change_pct,
       CASE WHEN a.value IS NULL OR b.value IS NULL THEN 'no value'
            WHEN a.value = 0 THEN 'base is zero'
            ELSE 'computed' END AS status
FROM bench_observations a
JOIN bench_observations b
  ON b.territory = a.territory AND b.indicator = a.indicator AND b.year > a.year
