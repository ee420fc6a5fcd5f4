-- Durées OLINPE diffusables : un type de mesure de moins de 5 mesures a ses effectifs, médiane et quartiles en secret statistique (NULL, `secret` = 's') ; un type d'au moins 5 mesures dont 1 à 4 en cours a ce nombre en secret (NULL, `secret` = 's'), le nombre de mesures finies ne se déduisant plus du total. olinpe_durations reste la vue brute, locale.
SELECT departement, measure_type,
       CASE WHEN n < 5 THEN NULL ELSE n END AS n,
       CASE WHEN n < 5 OR censored BETWEEN 1 AND 4 THEN NULL ELSE censored END AS censored,
       CASE WHEN n < 5 THEN NULL ELSE median_days END AS median_days,
       CASE WHEN n < 5 THEN NULL ELSE q1_days END AS q1_days,
       CASE WHEN n < 5 THEN NULL ELSE q3_days END AS q3_days,
       CASE WHEN n < 5 OR censored BETWEEN 1 AND 4 THEN 's' END AS secret,
       CASE WHEN n < 5 THEN 'moins de 5 mesures'
            WHEN censored BETWEEN 1 AND 4 THEN 'moins de 5 mesures en cours'
            ELSE note END AS note
FROM olinpe_durations
