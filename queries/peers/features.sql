-- Features of every département for the automatic choice of peers (départements proches), year $year.
-- One row per département with all four features: population aged 0-19 (log), children in care
-- per 1 000 aged 0-19, educational measures (AED + AEMO) per 1 000, judicial share of those measures.
-- Rhône is taken whole (69, not 69D/69M) and Corse as 2A/2B or 20, whichever DREES publishes that year.
WITH r AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN rate_per_1000 END) AS taux_accueillis,
           MAX(CASE WHEN indicator = 'TotBenefAE' THEN rate_per_1000 END) AS taux_ae,
           MAX(pop_0_19) AS pop_0_19
    FROM rates WHERE year = $year AND band = '0-19'
    GROUP BY territory
)
SELECT t.code AS territory, t.name, ln(r.pop_0_19) AS log_pop_0_19, r.pop_0_19,
       r.taux_accueillis, r.taux_ae, s.part_judiciaire_ae
FROM territories t
JOIN r ON r.territory = t.code
JOIN shares s ON s.territory = t.code AND s.year = $year
WHERE t.kind = 'departement' AND t.code NOT IN ('69D', '69M')
  AND r.pop_0_19 IS NOT NULL AND r.taux_accueillis IS NOT NULL
  AND r.taux_ae IS NOT NULL AND s.part_judiciaire_ae IS NOT NULL
ORDER BY t.code
