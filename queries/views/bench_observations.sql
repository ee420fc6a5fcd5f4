-- Valeurs DREES courantes telles que les comparaisons les lisent : départements et totaux nationaux (FRM, FRE, DROM) tels que la DREES les publie, régions recalculées comme la somme de leurs départements (`region_sums`).
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
