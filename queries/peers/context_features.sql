-- Context features of every département for the automatic choice of peers in $year (the
-- default method, `bench::peers::CONTEXT_FEATURES`), one row per département: population
-- (log), density (log), RSA allocataires per 1 000 inhabitants, AAH allocataires per 1 000
-- aged 20-64, share of the 0-19 in the population, change of the 0-19 over five years. Each
-- feature is the value of $year, or of the indicator's last year when $year is later
-- (`context_indicators.last_year`: the minima sociaux stop in 2019): `*_year` says which.
-- A feature is NULL when the source has no value (the département is then no candidate on it).
-- The other columns are those of `peers/features.sql` (partition; overlaps, région and scope
-- from the view `peer_departements`, the one place of those rules).
WITH y AS (
    SELECT indicator, CASE WHEN MAX(last_year) < $year THEN MAX(last_year) ELSE $year END AS year
    FROM context_indicators GROUP BY indicator
),
c AS (
    SELECT c.territory,
           MAX(CASE WHEN c.indicator = 'densite' AND c.value > 0 THEN ln(c.value) END) AS log_densite,
           MAX(CASE WHEN c.indicator = 'taux_rsa' THEN c.value END) AS taux_rsa,
           MAX(CASE WHEN c.indicator = 'taux_aah_20_64' THEN c.value END) AS taux_aah,
           MAX(CASE WHEN c.indicator = 'part_0_19' THEN c.value END) AS part_0_19,
           MAX(CASE WHEN c.indicator = 'evol_0_19_5ans' THEN c.value END) AS evol_0_19
    FROM context_indicators c JOIN y ON y.indicator = c.indicator AND y.year = c.year
    GROUP BY c.territory
),
pop AS (
    SELECT territory, pop_total FROM populations
    WHERE year = (SELECT CASE WHEN MAX(year) < $year THEN MAX(year) ELSE $year END FROM populations WHERE territory = 'FRM')
),
part AS (
    SELECT territory FROM territory_partition WHERE year = $year AND scope = 'FRE'
)
SELECT t.territory, t.name, t.parent_code,
       CASE WHEN pop.pop_total > 0 THEN ln(pop.pop_total) END AS log_pop,
       c.log_densite, c.taux_rsa, c.taux_aah, c.part_0_19, c.evol_0_19,
       (SELECT year FROM y WHERE indicator = 'taux_rsa') AS minima_year,
       (SELECT year FROM y WHERE indicator = 'part_0_19') AS population_year,
       CASE WHEN part.territory IS NOT NULL THEN 1 ELSE 0 END AS in_partition,
       t.overlapping, t.region, t.region_name, t.scope
FROM peer_departements t
LEFT JOIN c ON c.territory = t.territory
LEFT JOIN pop ON pop.territory = t.territory
LEFT JOIN part ON part.territory = t.territory
ORDER BY t.territory
