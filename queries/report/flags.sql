-- Data-quality flags of every territory up to $year (a report keeps its focus's, its peers' and
-- its references', in src/report/flags.rs; the result, which reads only $year, serves every report
-- of the year): the rows of quality_flags (docs/quality-flags.md) on the edition each value is
-- read from (the current one), with the territory's and indicator's French names and the rule's
-- French name (`nature`). The report keeps those of the indicators and years its figures show
-- (src/report/flags.rs).
-- A value the benchmarks compute where DREES's row is not applicable (Corse 20 before 2018, read
-- as 2A + 2B by `bench_observations`) is flagged as recomposed, with its sum, instead.
-- A région's value in the benchmarks is the sum of its départements (`region_sums`): when one of
-- them has a flagged value (a break, a composition shift, a near-zero count or a unit slip), the
-- région's value gets a note naming it (kind `member_flagged`), so that a flagged département
-- never feeds a région total silently.
WITH current_flags AS (
    SELECT q.territory, q.indicator, q.year, q.edition, q.kind, q.detail
    FROM quality_flags q
    WHERE q.year <= $year
      AND EXISTS (SELECT 1 FROM observations o
                  WHERE o.territory = q.territory AND o.indicator = q.indicator
                    AND o.year = q.year AND o.edition = q.edition AND o.is_current)
),
named AS (
    SELECT q.territory, t.name AS territoire, q.indicator, i.short_label AS indicateur,
           q.year, q.edition, q.kind,
           CASE WHEN b.status = 'sum of 2A and 2B' THEN 'valeur recomposée'
           ELSE CASE q.kind
               WHEN 'outside_validity' THEN 'territoire inexistant cette année-là'
               WHEN 'near_zero' THEN 'effectif quasi nul au regard de sa série'
               WHEN 'unit_slip' THEN 'erreur d''unité probable'
               WHEN 'series_break' THEN 'rupture de série'
               WHEN 'composition_shift' THEN 'changement de composition'
               WHEN 'identity' THEN 'incohérence entre séries DREES'
               WHEN 'national_identity' THEN 'France entière différente de la métropole + DROM'
               WHEN 'admin_judicial_swap' THEN 'mesures administratives et judiciaires probablement interverties'
               WHEN 'documented_break' THEN 'changement de définition documenté par la DREES'
               ELSE q.kind
           END END AS nature,
           CASE WHEN b.status = 'sum of 2A and 2B'
                THEN 'somme de la Corse-du-Sud (2A) et de la Haute-Corse (2B) : ' || fr_number(b.value, 0)
                     || ' ; la Collectivité de Corse (20) n''existe qu''à partir de 2018, sa ligne de la source est tenue pour non applicable'
                ELSE q.detail END AS detail,
           t.kind AS territory_kind, t.parent_code
    FROM current_flags q
    JOIN territories t ON t.code = q.territory
    JOIN indicators i ON i.id = q.indicator
    LEFT JOIN bench_observations b ON b.territory = q.territory AND b.indicator = q.indicator AND b.year = q.year
)
SELECT DISTINCT territory, territoire, indicator, indicateur, year, edition, kind, nature, detail
FROM named
UNION
SELECT DISTINCT r.code, r.name, n.indicator, n.indicateur, n.year, n.edition, 'member_flagged',
       'somme de départements comprenant une valeur signalée',
       'la somme comprend ' || n.territoire || ' (' || n.territory || '), dont la valeur est signalée : '
       || n.nature
FROM named n
JOIN territories r ON r.code = n.parent_code AND r.kind = 'region'
WHERE n.territory_kind = 'departement'
  AND n.kind IN ('series_break', 'composition_shift', 'near_zero', 'unit_slip')
ORDER BY territoire, indicator, year, kind, detail
