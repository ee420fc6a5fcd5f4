-- Rapprochement OLINPE / DREES diffusable : le chiffre OLINPE (et l'écart, qui le redonne avec la DREES) est en secret statistique (`secret` = 's', valeurs NULL) quand il vaut 1 à 4, et aussi quand le stock diffusé du même département et de la même année (olinpe_stock_public) a une cellule secrète : les AED et AEMO d'ici sont les mesures de ce stock, et les accueillis la somme de ses types d'accueil, ils redonneraient une cellule cachée. olinpe_reconciliation reste la vue brute, locale.
WITH hidden AS (
    SELECT departement, year FROM olinpe_stock_public WHERE secret IS NOT NULL GROUP BY departement, year
),
r AS (
    SELECT r.*,
           r.olinpe BETWEEN 1 AND 4 AS primary_secret,
           h.departement IS NOT NULL AS stock_secret
    FROM olinpe_reconciliation r
    LEFT JOIN hidden h ON h.departement = r.departement AND h.year = r.year
)
SELECT departement, year, family, counted,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE olinpe END AS olinpe,
       drees, indicator,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE gap END AS gap,
       CASE WHEN primary_secret OR stock_secret THEN NULL ELSE gap_pct END AS gap_pct,
       CASE WHEN primary_secret OR stock_secret THEN 's' END AS secret,
       CASE WHEN primary_secret THEN 'moins de 5'
            WHEN stock_secret THEN 'secret secondaire (le stock diffusé de cette année a une cellule secrète)'
            ELSE note END AS note
FROM r
