-- Prises en charge continues OLINPE : mesures d'une personne qui se chevauchent ou se suivent, avec un écart toléré de 0 jour (`gap_days` = 0 : aucun jour sans mesure) ou de 30 jours au plus (`gap_days` = 30), les deux rapportées. period_end NULL : prise en charge en cours (censurée) ; exit_motfinint, exit_motifml : motif de la mesure qui finit en dernier.
WITH m AS (
    SELECT departement, person, datdeb, COALESCE(end_date, censor_date) AS fin,
           end_date IS NULL AS open, measure_type, motfinint, motifml
    FROM olinpe_measures
),
tol AS (
    SELECT * FROM (VALUES (0), (30)) AS t(gap_days)
),
o AS (
    SELECT m.*, tol.gap_days,
           MAX(m.fin) OVER (PARTITION BY m.departement, m.person, tol.gap_days ORDER BY m.datdeb, m.fin
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_fin
    FROM m CROSS JOIN tol
),
f AS (
    SELECT o.*,
           CASE WHEN prev_fin IS NULL OR CAST(datdeb AS INT) - CAST(prev_fin AS INT) - 1 > gap_days
                THEN 1 ELSE 0 END AS new_period
    FROM o
),
g AS (
    SELECT f.*,
           SUM(new_period) OVER (PARTITION BY departement, person, gap_days ORDER BY datdeb, fin
                                 ROWS UNBOUNDED PRECEDING) AS period
    FROM f
)
SELECT departement, person, gap_days, period,
       MIN(datdeb) AS period_start,
       CASE WHEN bool_or(open) THEN NULL ELSE MAX(fin) END AS period_end,
       bool_or(open) AS open,
       COUNT(*) AS measures,
       first_value(measure_type ORDER BY datdeb) AS first_type,
       first_value(measure_type ORDER BY fin DESC, datdeb DESC) AS last_type,
       first_value(motfinint ORDER BY fin DESC, datdeb DESC) AS exit_motfinint,
       first_value(motifml ORDER BY fin DESC, datdeb DESC) AS exit_motifml
FROM g
GROUP BY departement, person, gap_days, period
