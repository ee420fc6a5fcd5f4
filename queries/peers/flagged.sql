-- Départements whose values of $year of the indicators automatic peers are chosen on (children
-- accueillis, actions éducatives AED + AEMO, AED, AEMO: `bench::peers::FEATURES`) are flagged by
-- `quality_flags` in their current edition: one row per département, the flagged indicators in
-- French. A flagged département stays a candidate; the method text names it (docs/quality-flags.md).
-- The list depends on the year only, so one run serves every report of the year.
SELECT q.territory, t.name,
       -- Lower case for the first letter only, and not for an acronym (AED, AEMO keep theirs).
       string_agg(DISTINCT CASE WHEN substr(i.short_label, 2, 1) <> lower(substr(i.short_label, 2, 1))
                                THEN i.short_label
                                ELSE lower(substr(i.short_label, 1, 1)) || substr(i.short_label, 2) END,
                  ', ') AS indicators
FROM quality_flags q
JOIN territories t ON t.code = q.territory AND t.kind = 'departement'
JOIN indicators i ON i.id = q.indicator
WHERE q.year = $year
  AND q.indicator IN ('TotEnfAccueillisASE', 'TotBenefAE', 'TotBenefAED', 'TotBenefAEMO')
  AND q.kind <> 'documented_break'
  AND EXISTS (SELECT 1 FROM observations o
              WHERE o.territory = q.territory AND o.indicator = q.indicator
                AND o.year = q.year AND o.edition = q.edition AND o.is_current)
GROUP BY q.territory, t.name
ORDER BY q.territory
