-- Requête de référence : la définition de la vue olinpe_durations, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_duration_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Durée des mesures OLINPE par type (jours de DATDEB à DATFIN), estimateur de Kaplan-Meier : les mesures en cours sont censurées à la date de fin des données. n : mesures de durée connue ou censurée ; censored : mesures en cours ; médiane et quartiles = plus petite durée où la survie estimée passe sous 50 %, 75 %, 25 % ; NULL avec la raison dans `note`.
WITH d AS (
    SELECT departement, measure_type, duration_days AS t, CASE WHEN censored THEN 0 ELSE 1 END AS ev
    FROM olinpe_measures
    WHERE duration_days IS NOT NULL AND duration_days >= 0
),
g AS (
    SELECT departement, measure_type, t, SUM(ev) AS d, COUNT(*) AS c
    FROM d GROUP BY departement, measure_type, t
),
r AS (
    SELECT g.*, SUM(c) OVER (PARTITION BY departement, measure_type ORDER BY t DESC
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_risk
    FROM g
),
s AS (
    SELECT departement, measure_type, t,
           SUM(CASE WHEN d = at_risk THEN 1 ELSE 0 END)
               OVER (PARTITION BY departement, measure_type ORDER BY t ROWS UNBOUNDED PRECEDING) AS emptied,
           SUM(CASE WHEN d < at_risk THEN ln(1.0 - CAST(d AS DOUBLE) / CAST(at_risk AS DOUBLE)) ELSE 0.0 END)
               OVER (PARTITION BY departement, measure_type ORDER BY t ROWS UNBOUNDED PRECEDING) AS log_surv
    FROM r
),
k AS (
    SELECT departement, measure_type, t,
           CASE WHEN emptied > 0 THEN 0.0 ELSE exp(log_surv) END AS surv
    FROM s
),
q AS (
    SELECT departement, measure_type,
           MIN(CASE WHEN surv <= 0.75 + 1e-9 THEN t END) AS q1_days,
           MIN(CASE WHEN surv <= 0.5 + 1e-9 THEN t END) AS median_days,
           MIN(CASE WHEN surv <= 0.25 + 1e-9 THEN t END) AS q3_days
    FROM k GROUP BY departement, measure_type
),
n AS (
    SELECT departement, measure_type, COUNT(*) AS n, SUM(1 - ev) AS censored
    FROM d GROUP BY departement, measure_type
)
SELECT n.departement, n.measure_type, n.n, n.censored, q.median_days, q.q1_days, q.q3_days,
       CASE WHEN q.q1_days IS NULL THEN 'survie jamais sous 75 % : trop de mesures en cours pour estimer médiane et quartiles'
            WHEN q.median_days IS NULL THEN 'survie jamais sous 50 % : trop de mesures en cours pour estimer la médiane'
            WHEN q.q3_days IS NULL THEN 'survie jamais sous 25 % : troisième quartile non estimable'
       END AS note
FROM n JOIN q ON q.departement = n.departement AND q.measure_type = n.measure_type
