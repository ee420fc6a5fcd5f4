-- Observé et attendu compte tenu du contexte : pour chaque département, année et taux (enfants accueillis, actions éducatives pour 1 000 jeunes de 0 à 20 ans ; dépense par jeune de 0 à 20 ans), la valeur attendue d'après le contexte socio-démographique, estimée sans le département (leave-one-out), son intervalle à 95 %, l'écart et son rang, le R² et le nombre de départements du modèle.
-- materialize: true
-- Model (documented in docs/context.md): for each outcome and year, ordinary least squares of
-- ln(rate) over the départements of the year's partition (France entière hors Mayotte) on five
-- context indicators — RSA allocataires per 1 000 inhabitants, AAH per 1 000 aged 20-64, share
-- of the 0-19, change of the 0-19 over five years, ln(density) — read at the outcome's year or
-- at their last year when it is later (minima sociaux: 2019). Each département's expected
-- value comes from the fit on the OTHER départements (`loo_ols`, leave-one-out), so a
-- département does not pull its own expectation: expected = exp(prediction) (the median of a
-- log-normal spread, not a mean), interval = exp(prediction ± t(0.975, n−p) × prediction
-- standard error), residual = ln(observed) − prediction, ecart_pct = observed / expected − 1
-- (in %), rang 1 = furthest above its expected value. r2 and n are those of the fit on every
-- département with a value. An expected value is an association with the context in the
-- départements of that year, not a norm nor a target. Rows without an outcome value keep
-- their expected value (the fit on the others) with NULL observed, residual and rank.
WITH lasts AS (
    SELECT indicator, MAX(last_year) AS last_year FROM context_indicators GROUP BY indicator
),
outcome AS (
    SELECT v.territory, v.year, v.indicator AS outcome, v.value AS observed
    FROM indicator_values v
    JOIN territory_partition p ON p.territory = v.territory AND p.year = v.year AND p.scope IN ('FRM', 'DROM')
    WHERE v.indicator IN ('taux_accueillis_0_20', 'taux_ae_0_20', 'depense_par_jeune_0_20')
),
years AS (SELECT DISTINCT year FROM outcome),
ctx AS (
    SELECT ys.year AS for_year, c.territory,
           MAX(CASE WHEN c.indicator = 'taux_rsa' THEN c.value END) AS rsa,
           MAX(CASE WHEN c.indicator = 'taux_aah_20_64' THEN c.value END) AS aah,
           MAX(CASE WHEN c.indicator = 'part_0_19' THEN c.value END) AS jeunes,
           MAX(CASE WHEN c.indicator = 'evol_0_19_5ans' THEN c.value END) AS evolution,
           MAX(CASE WHEN c.indicator = 'densite' AND c.value > 0 THEN ln(c.value) END) AS log_densite,
           MAX(CASE WHEN c.indicator = 'taux_rsa' THEN c.year END) AS minima_year
    FROM years ys
    CROSS JOIN lasts l
    JOIN context_indicators c
      ON c.indicator = l.indicator
     AND c.year = CASE WHEN ys.year > l.last_year THEN l.last_year ELSE ys.year END
    WHERE l.indicator IN ('taux_rsa', 'taux_aah_20_64', 'part_0_19', 'evol_0_19_5ans', 'densite')
    GROUP BY ys.year, c.territory
),
x AS (
    SELECT o.territory, o.year, o.outcome, o.observed,
           CASE WHEN o.observed > 0 THEN ln(o.observed) END AS log_observed,
           c.rsa, c.aah, c.jeunes, c.evolution, c.log_densite, c.minima_year
    FROM outcome o
    LEFT JOIN ctx c ON c.territory = o.territory AND c.for_year = o.year
),
m AS (
    SELECT x.*,
           -- Rows in territory order: the fit's sums then run in one order, so two runs
           -- give the same last digits.
           loo_ols(make_array(log_observed, rsa, aah, jeunes, evolution, log_densite))
               OVER (PARTITION BY outcome, year ORDER BY territory) AS l
    FROM x
),
e AS (
    SELECT territory, year, outcome, observed, minima_year,
           l[1] AS log_expected, l[2] AS log_lower, l[3] AS log_upper,
           l[4] AS r2, l[5] AS n, log_observed
    FROM m
),
r AS (
    SELECT e.*,
           CASE WHEN log_observed IS NOT NULL AND log_expected IS NOT NULL THEN log_observed - log_expected END AS residual
    FROM e
)
SELECT territory, outcome, CAST(year AS INT) AS year, observed,
       exp(log_expected) AS expected, exp(log_lower) AS lower, exp(log_upper) AS upper,
       residual,
       CASE WHEN residual IS NOT NULL THEN 100.0 * (exp(residual) - 1) END AS ecart_pct,
       CASE WHEN residual IS NOT NULL THEN RANK() OVER (PARTITION BY outcome, year ORDER BY CASE WHEN residual IS NULL THEN 1 ELSE 0 END, residual DESC) END AS rang,
       r2, CAST(n AS INT) AS n, CAST(minima_year AS INT) AS context_year
FROM r
