-- Rapprochement OLINPE / DREES diffusable : un stock OLINPE de 1 à 4 est en secret statistique (OLINPE, écart et écart relatif NULL, `secret` = 's'). olinpe_reconciliation reste la vue brute, locale.
SELECT departement, year, family, counted,
       CASE WHEN olinpe BETWEEN 1 AND 4 THEN NULL ELSE olinpe END AS olinpe,
       drees, indicator,
       CASE WHEN olinpe BETWEEN 1 AND 4 THEN NULL ELSE gap END AS gap,
       CASE WHEN olinpe BETWEEN 1 AND 4 THEN NULL ELSE gap_pct END AS gap_pct,
       CASE WHEN olinpe BETWEEN 1 AND 4 THEN 's' END AS secret,
       CASE WHEN olinpe BETWEEN 1 AND 4 THEN 'moins de 5' ELSE note END AS note
FROM olinpe_reconciliation
