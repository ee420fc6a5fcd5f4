-- Signalements de qualité des données : une ligne par valeur suspecte (territoire, indicateur, année, édition, type, détail), selon les règles documentées dans docs/quality-flags.md ; joindre sur (territory, indicator, year).
-- materialize: true
-- Every rule works on each edition's own series (territory × indicator × edition, published values
-- only) and is general: no territory, year or threshold is specific to a known case. The
-- thresholds below are the only place they are written (docs/quality-flags.md explains them).
-- kind:
--   outside_validity   the territory did not exist that year (status not_applicable, whatever the
--                      file printed; territories.valid_from/valid_to); for a territory that
--                      replaced others (Corse 20 before 2018), the detail gives the sum of the
--                      territories it replaced, which the comparisons read instead
--   near_zero          a count ≤ 5 % of the median of its series, that median being ≥ 20
--   unit_slip          a value 200× to 20 000× off the median of its series (about 1 000×: k€ vs €)
--   series_break       (a) a step against the national movement, one-sided (it needs only the
--                      year before, so it judges the latest year too): the year-on-year log
--                      change less the median log change of the départements that year (the
--                      national movement, ≥ 10 départements) lies more than 5 robust standard
--                      deviations (1.4826 × median absolute deviation) and more than 20 % away
--                      from the median of the same excess over the 8 years before (≥ 5 of them),
--                      both values ≥ 50; or (b) an isolated value (the series leaves and comes
--                      back: steps in opposite directions) more than 15 % and 4 robust standard
--                      deviations away from the geometric mean of its two neighbours, all ≥ 50
--   composition_shift  the share of familles d'accueil + établissements in enfants confiés, or of
--                      administrative + judicial measures in enfants accueillis, moves from the
--                      year before by more than 10 points and 5 robust standard deviations away
--                      from its usual move over the 8 years before (≥ 5), net of the départements'
--                      median move that year, totals ≥ 50 (one-sided, like (a)); flagged on the
--                      total (TotEnfConfiesASE, TotEnfAccueillisASE)
--   identity           administrative + judicial measures ≠ enfants confiés (more than 1.5 apart:
--                      each published count is rounded); familles d'accueil + établissements >
--                      confiés; AED + AEMO ≠ actions éducatives
--   national_identity  France entière (FRE) ≠ France métropolitaine (FRM) + DROM by more than 1.5,
--                      flagged on FRE, naming the other editions' FRE values for the same year
--   admin_judicial_swap the administrative share of measures jumps by more than 30 points from
--                      both the year before and the year after (the two columns look swapped)
--   documented_break   a break DREES documents in the indicator's definition: 2003→2004 spending
--                      questionnaire change (flagged on 2004), villages d'enfants counted as
--                      établissements from 2018 (flagged on 2018)
-- One value per key and edition, with its unit: the view `edition_observations` (materialised,
-- so the reads below scan one table).
WITH obs AS (
    SELECT territory, indicator, year, edition, value, status, source_ref, unit
    FROM edition_observations
),
-- the breaks DREES documents in an indicator's definition, read once per indicator (not once per
-- joined row: definitions are long texts)
documented AS (
    SELECT id, strpos(definition, 'Entre 2003 et 2004') > 0 AS break_2004,
           strpos(definition, 'villages d''enfants') > 0 AS break_2018
    FROM indicators
),
series AS (
    SELECT territory, indicator, edition, median(value) AS med, COUNT(value) AS n
    FROM obs WHERE value IS NOT NULL
    GROUP BY territory, indicator, edition
),
steps AS (
    SELECT b.territory, b.indicator, b.year, b.edition, a.value AS prev_value, b.value,
           ln(b.value / a.value) AS d
    FROM obs a
    JOIN obs b ON b.territory = a.territory AND b.indicator = a.indicator
              AND b.edition = a.edition AND b.year = a.year + 1
    WHERE a.value > 0 AND b.value > 0
),
-- the national movement: the départements' median log change of the indicator that year
nation AS (
    SELECT st.indicator, st.year, st.edition, median(st.d) AS nd, COUNT(*) AS nn
    FROM steps st
    JOIN territories t ON t.code = st.territory AND t.kind = 'departement'
    GROUP BY st.indicator, st.year, st.edition
),
-- each step less the national movement of its year
excess AS (
    SELECT st.territory, st.indicator, st.year, st.edition, st.prev_value, st.value, st.d,
           n.nd, st.d - n.nd AS e
    FROM steps st
    JOIN nation n ON n.indicator = st.indicator AND n.year = st.year AND n.edition = st.edition
    WHERE n.nn >= 10
),
spikes AS (
    -- a value that leaves its series and comes back: the log distance to the mean of its two
    -- neighbours, when the two steps go in opposite directions
    SELECT b.territory, b.indicator, b.year, b.edition, a.value AS prev_value, b.value,
           c.value AS next_value,
           ln(b.value) - (ln(a.value) + ln(c.value)) / 2 AS r,
           (b.value - a.value) * (c.value - b.value) < 0 AS reverses
    FROM obs a
    JOIN obs b ON b.territory = a.territory AND b.indicator = a.indicator
              AND b.edition = a.edition AND b.year = a.year + 1
    JOIN obs c ON c.territory = b.territory AND c.indicator = b.indicator
              AND c.edition = b.edition AND c.year = b.year + 1
    WHERE a.value > 0 AND b.value > 0 AND c.value > 0
),
spike_center AS (
    SELECT territory, indicator, edition, median(r) AS m, COUNT(*) AS n
    FROM spikes GROUP BY territory, indicator, edition
),
spike_spread AS (
    SELECT s.territory, s.indicator, s.edition, c.m, median(abs(s.r - c.m)) AS mad, c.n
    FROM spikes s
    JOIN spike_center c ON c.territory = s.territory AND c.indicator = s.indicator
                       AND c.edition = s.edition
    GROUP BY s.territory, s.indicator, s.edition, c.m, c.n
),
wide AS (
    SELECT territory, year, edition,
           MAX(CASE WHEN indicator = 'TotEnfASEMesuresAdmin' THEN value END) AS adm,
           MAX(CASE WHEN indicator = 'TotEnfASEMesuresJudic' THEN value END) AS jud,
           MAX(CASE WHEN indicator = 'TotEnfConfiesASE' THEN value END) AS confies,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN value END) AS accueillis,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesFamillesAccueil' THEN value END) AS familles,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesEtab' THEN value END) AS etab,
           MAX(CASE WHEN indicator = 'TotBenefAED' THEN value END) AS aed,
           MAX(CASE WHEN indicator = 'TotBenefAEMO' THEN value END) AS aemo,
           MAX(CASE WHEN indicator = 'TotBenefAE' THEN value END) AS ae
    FROM obs GROUP BY territory, year, edition
),
admin_share AS (
    SELECT territory, year, edition, adm, jud, adm / (adm + jud) AS s
    FROM wide WHERE adm + jud > 0
),
-- the parts of a total whose share the composition rule follows
parts AS (
    SELECT territory, year, edition, 'TotEnfConfiesASE' AS indicator,
           'familles d''accueil + établissements' AS label, familles + etab AS part, confies AS whole
    FROM wide WHERE confies >= 50 AND familles + etab IS NOT NULL
    UNION ALL
    SELECT territory, year, edition, 'TotEnfAccueillisASE',
           'mesures administratives + judiciaires', adm + jud, accueillis
    FROM wide WHERE accueillis >= 50 AND adm + jud IS NOT NULL
),
moves AS (
    SELECT b.territory, b.indicator, b.year, b.edition, b.label, a.part / a.whole AS p0,
           b.part / b.whole AS p1, b.part / b.whole - a.part / a.whole AS d
    FROM parts a
    JOIN parts b ON b.territory = a.territory AND b.indicator = a.indicator
                AND b.edition = a.edition AND b.year = a.year + 1
),
move_nation AS (
    SELECT mv.indicator, mv.year, mv.edition, median(mv.d) AS nd, COUNT(*) AS nn
    FROM moves mv
    JOIN territories t ON t.code = mv.territory AND t.kind = 'departement'
    GROUP BY mv.indicator, mv.year, mv.edition
),
move_excess AS (
    SELECT mv.territory, mv.indicator, mv.year, mv.edition, mv.label, mv.p0, mv.p1, n.nd,
           mv.d - n.nd AS e
    FROM moves mv
    JOIN move_nation n ON n.indicator = mv.indicator AND n.year = mv.year AND n.edition = mv.edition
    WHERE n.nn >= 10
),
-- one-sided rules' excesses in one list: `step` (rule (a) of series_break, log changes) and
-- `share` (composition_shift, share moves); each with the same measure of its own series over
-- the 8 years before it, whose median and median absolute deviation are its usual excess
excesses AS (
    SELECT 'step' AS measure, territory, indicator, year, edition, e FROM excess
    UNION ALL
    SELECT 'share', territory, indicator, year, edition, e FROM move_excess
),
recent AS (
    SELECT c.measure, c.territory, c.indicator, c.year, c.edition, h.e
    FROM excesses c
    JOIN excesses h ON h.measure = c.measure AND h.territory = c.territory
                   AND h.indicator = c.indicator AND h.edition = c.edition
                   AND h.year BETWEEN c.year - 8 AND c.year - 1
),
recent_center AS (
    SELECT measure, territory, indicator, year, edition, median(e) AS m, COUNT(*) AS n
    FROM recent GROUP BY measure, territory, indicator, year, edition
),
recent_spread AS (
    SELECT r.measure, r.territory, r.indicator, r.year, r.edition, c.m, c.n,
           median(abs(r.e - c.m)) AS mad
    FROM recent r
    JOIN recent_center c ON c.measure = r.measure AND c.territory = r.territory
                        AND c.indicator = r.indicator AND c.year = r.year AND c.edition = r.edition
    GROUP BY r.measure, r.territory, r.indicator, r.year, r.edition, c.m, c.n
),
-- France entière against France métropolitaine + DROM, per edition (additive series only)
national AS (
    SELECT indicator, year, edition,
           MAX(CASE WHEN territory = 'FRE' THEN value END) AS fre,
           MAX(CASE WHEN territory = 'FRM' THEN value END) AS frm,
           MAX(CASE WHEN territory = 'DROM' THEN value END) AS drom
    FROM obs
    WHERE territory IN ('FRE', 'FRM', 'DROM') AND unit IN ('count', 'thousand_euro')
    GROUP BY indicator, year, edition
),
national_others AS (
    SELECT n.indicator, n.year, n.edition,
           string_agg('l''édition ' || o.edition || ' publie France entière ' || fr_number(o.fre, 1)
                      || CASE WHEN abs(o.fre - o.frm - o.drom) <= 1.5
                              THEN ' (= France métropolitaine + DROM)' ELSE '' END,
                      ' ; ' ORDER BY o.edition) AS others
    FROM national n
    JOIN national o ON o.indicator = n.indicator AND o.year = n.year AND o.edition <> n.edition
    WHERE o.fre IS NOT NULL
    GROUP BY n.indicator, n.year, n.edition
),
-- for a territory that replaced others (Corse 20 from 2018: 2A + 2B), the sum of the replaced
-- territories' values in a year before it existed, as the comparisons read it
replaced AS (
    SELECT ov.territory, o.indicator, o.year, o.edition,
           CASE WHEN COUNT(o.value) = COUNT(*) THEN SUM(o.value) END AS total,
           string_agg(t.name || ' (' || o.territory || ') ' || COALESCE(fr_number(o.value, 1), 'n.d.'),
                      ' + ' ORDER BY o.territory) AS terms
    FROM territory_overlaps ov
    JOIN obs o ON o.territory = ov.other AND o.year < ov.since
    JOIN territories t ON t.code = ov.other
    WHERE ov.relation = 'replaces' AND o.unit IN ('count', 'thousand_euro')
    GROUP BY ov.territory, o.indicator, o.year, o.edition
)
SELECT o.territory, o.indicator, o.year, o.edition, 'outside_validity' AS kind,
       CASE WHEN r.territory IS NOT NULL
            THEN t.name || ' (' || o.territory || ') existe à partir de ' || CAST(t.valid_from AS VARCHAR)
                 || ' : sa ligne de ' || CAST(o.year AS VARCHAR) || ' est tenue pour non applicable ('
                 || replace(replace(o.source_ref, 'line ', 'ligne '), '!', ', cellule ')
                 || ') ; les comparaisons lisent la somme des territoires qu''il a remplacés, '
                 || r.terms || COALESCE(' = ' || fr_number(r.total, 1), ' (somme incomplète : n.d.)')
            ELSE 'territoire inexistant en ' || CAST(o.year AS VARCHAR)
       || COALESCE(' (existe à partir de ' || CAST(t.valid_from AS VARCHAR) || ')', '')
       || COALESCE(' (existe jusqu''en ' || CAST(t.valid_to AS VARCHAR) || ')', '')
       || ' : valeur tenue pour non applicable (n.d.), quel que soit ce que publie la source ('
       || replace(replace(o.source_ref, 'line ', 'ligne '), '!', ', cellule ') || ')' END AS detail
FROM obs o
JOIN territories t ON t.code = o.territory
LEFT JOIN replaced r ON r.territory = o.territory AND r.indicator = o.indicator
                    AND r.year = o.year AND r.edition = o.edition
WHERE o.status = 'not_applicable'
UNION ALL
SELECT o.territory, o.indicator, o.year, o.edition, 'near_zero',
       'effectif ' || fr_number(o.value, 1) || ' pour une médiane de la série de '
       || fr_number(s.med, 1) || ' (≤ 5 %)'
FROM obs o
JOIN series s ON s.territory = o.territory AND s.indicator = o.indicator AND s.edition = o.edition
WHERE o.unit = 'count' AND o.value IS NOT NULL AND s.med >= 20 AND o.value <= 0.05 * s.med
UNION ALL
SELECT o.territory, o.indicator, o.year, o.edition, 'unit_slip',
       'valeur ' || fr_number(o.value, 1) || ' environ '
       || CAST(CAST(round(CASE WHEN o.value > s.med THEN o.value / s.med ELSE s.med / o.value END) AS BIGINT) AS VARCHAR)
       || ' fois ' || CASE WHEN o.value > s.med THEN 'au-dessus' ELSE 'en dessous' END
       || ' de la médiane de la série (' || fr_number(s.med, 1) || ')'
FROM obs o
JOIN series s ON s.territory = o.territory AND s.indicator = o.indicator AND s.edition = o.edition
WHERE o.value > 0 AND s.med > 0 AND s.n >= 5
  AND ((o.value / s.med BETWEEN 200 AND 20000) OR (s.med / o.value BETWEEN 200 AND 20000))
UNION ALL
SELECT x.territory, x.indicator, x.year, x.edition, 'series_break',
       'évolution ' || CAST(x.year - 1 AS VARCHAR) || '-' || CAST(x.year AS VARCHAR) || ' : '
       || fr_number(x.prev_value, 1) || ' → ' || fr_number(x.value, 1)
       || ' (' || fr_number(100.0 * (exp(x.d) - 1), 1) || ' %) quand la médiane des départements évolue de '
       || fr_number(100.0 * (exp(x.nd) - 1), 1) || ' % ; écart au mouvement national de '
       || fr_number(100.0 * (exp(x.e) - 1), 1) || ' %, pour un écart habituel de '
       || fr_number(100.0 * (exp(sp.m) - 1), 1) || ' % ± ' || fr_number(100.0 * 1.4826 * sp.mad, 1)
       || ' % sur les ' || CAST(sp.n AS VARCHAR) || ' années précédentes (médiane ± écart absolu médian normalisé des log-évolutions)'
FROM excess x
JOIN recent_spread sp ON sp.measure = 'step' AND sp.territory = x.territory
                     AND sp.indicator = x.indicator AND sp.year = x.year AND sp.edition = x.edition
JOIN documented dc ON dc.id = x.indicator
WHERE sp.n >= 5 AND x.prev_value >= 50 AND x.value >= 50
  -- a step DREES documents is flagged as documented_break, not again here
  AND NOT (x.year = 2004 AND dc.break_2004)
  AND NOT (x.year = 2018 AND dc.break_2018)
  AND abs(x.e - sp.m) > 5 * 1.4826 * sp.mad
  AND abs(x.e - sp.m) > ln(1.2)
UNION ALL
SELECT sk.territory, sk.indicator, sk.year, sk.edition, 'series_break',
       'valeur isolée : ' || fr_number(sk.prev_value, 1) || ' → ' || fr_number(sk.value, 1)
       || ' → ' || fr_number(sk.next_value, 1) || ' (' || CAST(sk.year - 1 AS VARCHAR) || '-'
       || CAST(sk.year + 1 AS VARCHAR) || ') : écart de ' || fr_number(100.0 * (exp(sk.r) - 1), 1)
       || ' % à la moyenne géométrique de ses deux voisines, pour un écart habituel de ± '
       || fr_number(100.0 * 1.4826 * sp.mad, 1) || ' %'
FROM spikes sk
JOIN spike_spread sp ON sp.territory = sk.territory AND sp.indicator = sk.indicator
                    AND sp.edition = sk.edition
WHERE sp.n >= 5 AND sk.reverses AND sk.prev_value >= 50 AND sk.value >= 50 AND sk.next_value >= 50
  AND abs(sk.r - sp.m) > 4 * 1.4826 * sp.mad
  AND abs(sk.r) > ln(1.15)
UNION ALL
SELECT territory, 'TotEnfConfiesASE', year, edition, 'identity',
       'mesures administratives (' || fr_number(adm, 1) || ') + judiciaires ('
       || fr_number(jud, 1) || ') = ' || fr_number((adm + jud), 1)
       || ' ≠ enfants confiés (' || fr_number(confies, 1) || ')'
FROM wide WHERE abs(adm + jud - confies) > 1.5
UNION ALL
SELECT territory, 'TotEnfConfiesASE', year, edition, 'identity',
       'familles d''accueil (' || fr_number(familles, 1) || ') + établissements ('
       || fr_number(etab, 1) || ') = ' || fr_number((familles + etab), 1)
       || ' > enfants confiés (' || fr_number(confies, 1) || ')'
FROM wide WHERE familles + etab > confies + 1.5
UNION ALL
SELECT territory, 'TotBenefAE', year, edition, 'identity',
       'AED (' || fr_number(aed, 1) || ') + AEMO (' || fr_number(aemo, 1) || ') = '
       || fr_number((aed + aemo), 1) || ' ≠ actions éducatives (' || fr_number(ae, 1) || ')'
FROM wide WHERE abs(aed + aemo - ae) > 1.5
UNION ALL
SELECT x.territory, x.indicator, x.year, x.edition, 'composition_shift',
       'part des ' || x.label || ' ' || fr_number(100.0 * x.p1, 1) || ' % en '
       || CAST(x.year AS VARCHAR) || ' contre ' || fr_number(100.0 * x.p0, 1) || ' % en '
       || CAST(x.year - 1 AS VARCHAR) || ' (médiane des départements : '
       || fr_number(100.0 * x.nd, 1) || ' points) ; écart de ' || fr_number(100.0 * x.e, 1)
       || ' points au mouvement national, pour un écart habituel de ' || fr_number(100.0 * sp.m, 1)
       || ' ± ' || fr_number(100.0 * 1.4826 * sp.mad, 1) || ' points sur les '
       || CAST(sp.n AS VARCHAR) || ' années précédentes'
FROM move_excess x
JOIN recent_spread sp ON sp.measure = 'share' AND sp.territory = x.territory
                     AND sp.indicator = x.indicator AND sp.year = x.year AND sp.edition = x.edition
WHERE sp.n >= 5
  AND abs(x.e - sp.m) > 5 * 1.4826 * sp.mad
  AND abs(x.e - sp.m) > 0.10
UNION ALL
SELECT 'FRE', n.indicator, n.year, n.edition, 'national_identity',
       'France entière ' || fr_number(n.fre, 1) || ' ≠ France métropolitaine ' || fr_number(n.frm, 1)
       || ' + DROM ' || fr_number(n.drom, 1) || ' = ' || fr_number(n.frm + n.drom, 1)
       || ' (écart ' || fr_number(n.fre - n.frm - n.drom, 1) || ') ; '
       || COALESCE(x.others, 'aucune autre édition ne publie cette valeur')
FROM national n
LEFT JOIN national_others x ON x.indicator = n.indicator AND x.year = n.year AND x.edition = n.edition
WHERE abs(n.fre - n.frm - n.drom) > 1.5
UNION ALL
SELECT c.territory, ind.indicator, c.year, c.edition, 'admin_judicial_swap',
       'part des mesures administratives ' || fr_number(100.0 * c.s, 1) || ' % en '
       || CAST(c.year AS VARCHAR) || ' contre ' || fr_number(100.0 * p.s, 1) || ' % en '
       || CAST(p.year AS VARCHAR) || ' et ' || fr_number(100.0 * n.s, 1) || ' % en '
       || CAST(n.year AS VARCHAR) || ' : administratives ' || fr_number(c.adm, 1)
       || ', judiciaires ' || fr_number(c.jud, 1) || ' (colonnes inversées ?)'
FROM admin_share c
JOIN admin_share p ON p.territory = c.territory AND p.edition = c.edition AND p.year = c.year - 1
JOIN admin_share n ON n.territory = c.territory AND n.edition = c.edition AND n.year = c.year + 1
CROSS JOIN (VALUES ('TotEnfASEMesuresAdmin'), ('TotEnfASEMesuresJudic')) AS ind(indicator)
WHERE abs(c.s - p.s) > 0.3 AND abs(c.s - n.s) > 0.3 AND (c.s - p.s) * (c.s - n.s) > 0
UNION ALL
SELECT o.territory, o.indicator, o.year, o.edition, 'documented_break',
       CASE WHEN o.year = 2004
            THEN 'rupture de série documentée par la DREES : questionnaire modifié entre 2003 et 2004 (dépenses mieux ventilées, « autres dépenses » réaffectées)'
            ELSE 'rupture de série documentée par la DREES : à partir de 2018 les villages d''enfants sont comptés dans les établissements (auparavant dans les autres modes d''accueil)'
       END
FROM obs o
JOIN documented dc ON dc.id = o.indicator
WHERE o.value IS NOT NULL
  AND ((o.year = 2004 AND dc.break_2004) OR (o.year = 2018 AND dc.break_2018))
