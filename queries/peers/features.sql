-- Features of every département for the automatic choice of peers (départements proches) in
-- $year, one row per département: population aged 0-19 (log), children in care per 1 000 aged
-- 0-19, educational measures (AED + AEMO) per 1 000, judicial share of those measures; a
-- feature is NULL when DREES or Insee has no value (the département is then no candidate).
-- `in_partition` = 1 for the year's partition of France entière hors Mayotte
-- (`territory_partition`, scope FRE: the Rhône whole as 69, Corse as 2A/2B or 20, whichever
-- exists that year). `overlapping` lists the territories overlapping the département
-- (`territory_overlaps`: its parent 69 for 69M, its parts, the territories it replaces or that
-- replace it, 2A/2B for 20). For a focus, the candidates are the complete rows of the partition
-- less the focus and what overlaps it; standardisation is over the candidates only; the focus's
-- row, or for 69D/69M its parent département's (`parent_code`: the Rhône, whose features stand
-- in when the part has no rate), is the point measured from (see `bench::peers::nearest`).
-- `scope` is the département's national scope (FRM or DROM, `territory_partition`; for 69D/69M
-- their parent's) and `region` its région (its parent's for 69D/69M), for `--among`
-- (metropole, drom, region, all: the candidates' pool, see `bench::peers::Among`).
-- `overlapping`, `region`, `region_name` and `scope` come from the view `peer_departements` (the
-- one place of those rules, shared with `peers/context_features.sql`).
-- The list depends on the year only, so one run serves every report of the year.
WITH r AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN rate_per_1000 END) AS taux_accueillis,
           MAX(CASE WHEN indicator = 'TotBenefAE' THEN rate_per_1000 END) AS taux_ae,
           MAX(pop_0_19) AS pop_0_19
    FROM rates WHERE year = $year AND band = '0-19'
    GROUP BY territory
),
part AS (
    SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE'
)
SELECT t.territory, t.name, t.parent_code,
       CASE WHEN r.pop_0_19 > 0 THEN ln(r.pop_0_19) END AS log_pop_0_19, r.pop_0_19,
       r.taux_accueillis, r.taux_ae, s.part_judiciaire_ae,
       CASE WHEN part.territory IS NOT NULL THEN 1 ELSE 0 END AS in_partition,
       t.overlapping, t.region, t.region_name, t.scope
FROM peer_departements t
LEFT JOIN r ON r.territory = t.territory
LEFT JOIN shares s ON s.territory = t.territory AND s.year = $year
LEFT JOIN part ON part.territory = t.territory
ORDER BY t.territory
