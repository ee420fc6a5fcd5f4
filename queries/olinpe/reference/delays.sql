-- Requête de référence : la définition de la vue olinpe_delays, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_delay_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Délais OLINPE par année de début de mesure (jours, médiane) : IP → évaluation (NOTIFEVAL − DATIP), évaluation (FINEVAL − NOTIFEVAL), évaluation → décision (DATDECPE − FINEVAL), décision → début (DATDEB − DATDECPE). n : mesures aux deux dates connues ; negative : délais négatifs (dates incohérentes), exclus de la médiane.
WITH m AS (
    SELECT departement, CAST(date_part('year', datdeb) AS INT) AS year,
           CAST(datip AS INT) AS ip, CAST(notifeval AS INT) AS notif, CAST(fineval AS INT) AS fin_eval,
           CAST(datdecpe AS INT) AS decision, CAST(datdeb AS INT) AS debut
    FROM olinpe_measure_rows
    WHERE datdecpe IS NOT NULL OR datip IS NOT NULL OR notifeval IS NOT NULL OR fineval IS NOT NULL
),
d AS (
    SELECT m.departement, m.year, s.step, s.delay,
           CASE s.step WHEN 1 THEN notif - ip WHEN 2 THEN fin_eval - notif
                       WHEN 3 THEN decision - fin_eval ELSE debut - decision END AS days
    FROM m CROSS JOIN (VALUES (1, 'IP → évaluation'), (2, 'évaluation'), (3, 'évaluation → décision'),
                              (4, 'décision → début')) AS s(step, delay)
)
SELECT departement, year, step, delay,
       SUM(CASE WHEN days >= 0 THEN 1 ELSE 0 END) AS n,
       SUM(CASE WHEN days < 0 THEN 1 ELSE 0 END) AS negative,
       median(CASE WHEN days >= 0 THEN CAST(days AS DOUBLE) END) AS median_days
FROM d WHERE days IS NOT NULL
GROUP BY departement, year, step, delay
