-- Durées OLINPE diffusables : un type de mesure de moins de 5 mesures a ses effectifs, médiane et quartiles en secret statistique (NULL, `secret` = 's') ; le nombre de mesures en cours (censored) est en secret quand il vaut 1 à 4 (le nombre de mesures finies ne se déduit alors plus du total) et quand la cellule du même type au 31/12 de la dernière année est secrète dans olinpe_stock_public : les mesures en cours à la fin des données sont celles de ce stock, elles la redonneraient (docs/olinpe.md, « Secret statistique »). olinpe_durations reste la vue brute, locale.
WITH last AS (
    SELECT departement, MAX(year) AS year FROM olinpe_stock_public GROUP BY departement
),
hidden AS (
    SELECT p.departement, p.measure_type
    FROM olinpe_stock_public p JOIN last l ON l.departement = p.departement AND l.year = p.year
    WHERE p.secret IS NOT NULL
),
d AS (
    SELECT o.*, h.measure_type IS NOT NULL AS stock_secret
    FROM olinpe_durations o
    LEFT JOIN hidden h ON h.departement = o.departement AND h.measure_type = o.measure_type
)
SELECT departement, measure_type,
       CASE WHEN n < 5 THEN NULL ELSE n END AS n,
       CASE WHEN n < 5 OR censored BETWEEN 1 AND 4 OR stock_secret THEN NULL ELSE censored END AS censored,
       CASE WHEN n < 5 THEN NULL ELSE median_days END AS median_days,
       CASE WHEN n < 5 THEN NULL ELSE q1_days END AS q1_days,
       CASE WHEN n < 5 THEN NULL ELSE q3_days END AS q3_days,
       CASE WHEN n < 5 OR censored BETWEEN 1 AND 4 OR stock_secret THEN 's' END AS secret,
       CASE WHEN n < 5 THEN 'moins de 5 mesures'
            WHEN censored BETWEEN 1 AND 4 THEN 'moins de 5 mesures en cours'
            WHEN stock_secret THEN 'mesures en cours en secret : elles redonneraient la cellule secrète du stock de la dernière année'
            ELSE note END AS note
FROM d
