-- Features of the départements for the automatic choice of peers (départements proches), year $year,
-- focus $focus. Features: population aged 0-19 (log), children in care per 1 000 aged 0-19,
-- educational measures (AED + AEMO) per 1 000, judicial share of those measures.
-- Candidates (`candidate` = 1) are the year's partition of France entière hors Mayotte
-- (`territory_partition`, scope FRE: the Rhône whole as 69, Corse as 2A/2B or 20, whichever
-- exists that year), less the focus and any territory overlapping it (`territory_overlaps`: its
-- parent 69 for 69M, its parts, the territories it replaces or that replace it, 2A/2B for 20). Standardisation is over the
-- candidates only. The focus row (`is_focus`) and, for 69D/69M, the parent département's row
-- (`is_parent`: the Rhône, whose features stand in when the part has no rate) are added.
WITH r AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN rate_per_1000 END) AS taux_accueillis,
           MAX(CASE WHEN indicator = 'TotBenefAE' THEN rate_per_1000 END) AS taux_ae,
           MAX(pop_0_19) AS pop_0_19
    FROM rates WHERE year = $year AND band = '0-19'
    GROUP BY territory
),
fo AS (
    SELECT code, parent_code, valid_from, valid_to FROM territories WHERE code = $focus
),
cand AS (
    SELECT p.territory
    FROM territory_partition p
    JOIN territories t ON t.code = p.territory
    CROSS JOIN fo
    WHERE p.year = $year AND p.scope = 'FRE'
      AND t.code <> fo.code
      AND t.code NOT IN (SELECT territory FROM territory_overlaps WHERE other = $focus)
)
SELECT t.code AS territory, t.name, ln(r.pop_0_19) AS log_pop_0_19, r.pop_0_19,
       r.taux_accueillis, r.taux_ae, s.part_judiciaire_ae,
       CASE WHEN c.territory IS NOT NULL THEN 1 ELSE 0 END AS candidate,
       CASE WHEN t.code = fo.code THEN 1 ELSE 0 END AS is_focus,
       CASE WHEN t.code = fo.parent_code THEN 1 ELSE 0 END AS is_parent
FROM territories t
CROSS JOIN fo
JOIN r ON r.territory = t.code
JOIN shares s ON s.territory = t.code AND s.year = $year
LEFT JOIN cand c ON c.territory = t.code
WHERE t.kind = 'departement'
  AND (c.territory IS NOT NULL OR t.code = fo.code OR t.code = fo.parent_code)
  AND r.pop_0_19 IS NOT NULL AND r.taux_accueillis IS NOT NULL
  AND r.taux_ae IS NOT NULL AND s.part_judiciaire_ae IS NOT NULL
ORDER BY t.code
