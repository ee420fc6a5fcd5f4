-- Durées OLINPE diffusables : un type de mesure de moins de 5 mesures a ses effectifs, médiane et quartiles en secret statistique (NULL, `secret` = 's'). olinpe_durations reste la vue brute, locale.
SELECT departement, measure_type,
       CASE WHEN n < 5 THEN NULL ELSE n END AS n,
       CASE WHEN n < 5 THEN NULL ELSE censored END AS censored,
       CASE WHEN n < 5 THEN NULL ELSE median_days END AS median_days,
       CASE WHEN n < 5 THEN NULL ELSE q1_days END AS q1_days,
       CASE WHEN n < 5 THEN NULL ELSE q3_days END AS q3_days,
       CASE WHEN n < 5 THEN 's' END AS secret,
       CASE WHEN n < 5 THEN 'moins de 5 mesures' ELSE note END AS note
FROM olinpe_durations
