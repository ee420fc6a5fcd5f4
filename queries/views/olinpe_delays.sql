-- Délais OLINPE par année de début de mesure (jours, médiane) : IP → évaluation (NOTIFEVAL − DATIP), évaluation (FINEVAL − NOTIFEVAL), évaluation → décision (DATDECPE − FINEVAL), décision → début (DATDEB − DATDECPE). n : mesures aux deux dates connues ; negative : délais négatifs (dates incohérentes), exclus de la médiane.
WITH m AS (
    SELECT departement, CAST(date_part('year', datdeb) AS INT) AS year,
           CAST(datip AS INT) AS ip, CAST(notifeval AS INT) AS notif, CAST(fineval AS INT) AS fin_eval,
           CAST(datdecpe AS INT) AS decision, CAST(datdeb AS INT) AS debut
    FROM olinpe_measures
),
d AS (
    SELECT departement, year, 1 AS step, 'IP → évaluation' AS delay, notif - ip AS days FROM m
    UNION ALL SELECT departement, year, 2, 'évaluation', fin_eval - notif FROM m
    UNION ALL SELECT departement, year, 3, 'évaluation → décision', decision - fin_eval FROM m
    UNION ALL SELECT departement, year, 4, 'décision → début', debut - decision FROM m
)
SELECT departement, year, step, delay,
       SUM(CASE WHEN days >= 0 THEN 1 ELSE 0 END) AS n,
       SUM(CASE WHEN days < 0 THEN 1 ELSE 0 END) AS negative,
       median(CASE WHEN days >= 0 THEN CAST(days AS DOUBLE) END) AS median_days
FROM d WHERE days IS NOT NULL
GROUP BY departement, year, step, delay
