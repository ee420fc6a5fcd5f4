-- Current DREES values as the benchmarks read them: départements and national totals (FRM, FRE, DROM) as DREES publishes them, régions recomputed as the sum of their départements (`region_sums`).
-- materialize: true
-- The derived views (`rates`, `shares`, `changes`, `spending_ratios`, `indicator_values`) read
-- this view, so a région's rate or share is computed from its summed counts. `status` is the
-- observation's status for published rows, the `region_sums` status for régions.
SELECT o.territory, o.indicator, o.year, o.value, o.status
FROM observations o
JOIN territories t ON t.code = o.territory
WHERE o.is_current AND t.kind <> 'region'
UNION ALL
SELECT territory, indicator, year, value, status FROM region_sums
