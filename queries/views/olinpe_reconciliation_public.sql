-- Rapprochement OLINPE / DREES diffusable : le chiffre OLINPE (et l'écart, qui le redonne avec la DREES) est en secret statistique (`secret` = 's', valeurs NULL) exactement quand le stock diffusé (olinpe_stock_public) cache la même cellule : AED et AEMO sont les mesures des cellules `aed` et `aemo` du même département et de la même année ; les accueillis, personnes des types de la famille `accueil` (olinpe_measure_types), sont cachés quand l'une de ces cellules l'est (ils redonneraient leur somme) ou qu'ils sont 1 à 4. Un type absent du stock vaut 0, diffusé comme dans la figure du stock (docs/olinpe.md, « Secret statistique »). olinpe_reconciliation reste la vue brute, locale.
WITH fam AS (
    SELECT DISTINCT measure_type, drees_family FROM olinpe_measure_types WHERE drees_family IS NOT NULL
),
hidden AS (
    SELECT p.departement, p.year, fam.drees_family AS family
    FROM olinpe_stock_public p JOIN fam ON fam.measure_type = p.measure_type
    WHERE p.secret IS NOT NULL
    GROUP BY p.departement, p.year, fam.drees_family
),
r AS (
    SELECT r.*,
           r.family = 'accueillis' AND r.olinpe BETWEEN 1 AND 4 AS primary_secret,
           h.departement IS NOT NULL AS stock_secret
    FROM olinpe_reconciliation r
    LEFT JOIN hidden h ON h.departement = r.departement AND h.year = r.year
        AND h.family = CASE r.family WHEN 'AED' THEN 'aed' WHEN 'AEMO' THEN 'aemo' ELSE 'accueil' END
)
SELECT departement, year, family, counted,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE olinpe END AS olinpe,
       drees, indicator,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE gap END AS gap,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE gap_pct END AS gap_pct,
       CASE WHEN primary_secret OR stock_secret THEN 's' END AS secret,
       CASE WHEN primary_secret THEN 'moins de 5'
            WHEN stock_secret THEN 'secret : la cellule correspondante du stock diffusé (olinpe_stock_public) est secrète'
            ELSE note END AS note
FROM r
