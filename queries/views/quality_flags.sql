-- Signalements de qualité des données : une ligne par valeur suspecte (territoire, indicateur, année, édition, type, détail), selon les règles documentées dans docs/quality-flags.md ; joindre sur (territory, indicator, year).
-- materialize: true
-- Every rule works on each edition's own series (territory × indicator × edition, published values
-- only) and is general: no territory, year or threshold is specific to a known case.
-- kind:
--   outside_validity   the territory did not exist that year (status not_applicable, whatever the
--                      file printed; territories.valid_from/valid_to)
--   near_zero          a count ≤ 5 % of the median of its series, that median being ≥ 20
--   unit_slip          a value 200× to 20 000× off the median of its series (about 1 000×: k€ vs €)
--   series_break       a year-on-year log change beyond 5 robust standard deviations of the series'
--                      own log changes (median ± 5 × 1.4826 × median absolute deviation) and beyond
--                      ±20 %, both values ≥ 50; or an isolated value (the series leaves and comes
--                      back: steps in opposite directions) more than 15 % and 4 robust standard
--                      deviations away from the geometric mean of its two neighbours, all ≥ 50
--   identity           administrative + judicial measures ≠ enfants confiés (more than 1.5 apart:
--                      each published count is rounded); familles d'accueil + établissements >
--                      confiés; AED + AEMO ≠ actions éducatives
--   admin_judicial_swap the administrative share of measures jumps by more than 30 points from
--                      both the year before and the year after (the two columns look swapped)
--   documented_break   a break DREES documents in the indicator's definition: 2003→2004 spending
--                      questionnaire change (flagged on 2004), villages d'enfants counted as
--                      établissements from 2018 (flagged on 2018)
-- One value per key and edition, with its unit: the view `edition_observations` (materialised,
-- so the 13 reads below scan one table).
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
step_center AS (
    SELECT territory, indicator, edition, median(d) AS m, COUNT(*) AS n
    FROM steps GROUP BY territory, indicator, edition
),
step_spread AS (
    SELECT s.territory, s.indicator, s.edition, c.m, median(abs(s.d - c.m)) AS mad, c.n
    FROM steps s
    JOIN step_center c ON c.territory = s.territory AND c.indicator = s.indicator
                      AND c.edition = s.edition
    GROUP BY s.territory, s.indicator, s.edition, c.m, c.n
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
)
SELECT o.territory, o.indicator, o.year, o.edition, 'outside_validity' AS kind,
       'territoire inexistant en ' || CAST(o.year AS VARCHAR)
       || COALESCE(' (existe à partir de ' || CAST(t.valid_from AS VARCHAR) || ')', '')
       || COALESCE(' (existe jusqu''en ' || CAST(t.valid_to AS VARCHAR) || ')', '')
       || ' : valeur tenue pour non applicable (n.d.), quel que soit ce que publie la source ('
       || replace(replace(o.source_ref, 'line ', 'ligne '), '!', ', cellule ') || ')' AS detail
FROM obs o
JOIN territories t ON t.code = o.territory
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
SELECT st.territory, st.indicator, st.year, st.edition, 'series_break',
       'évolution ' || CAST(st.year - 1 AS VARCHAR) || '-' || CAST(st.year AS VARCHAR) || ' : '
       || fr_number(st.prev_value, 1) || ' → ' || fr_number(st.value, 1)
       || ' (' || fr_number(100.0 * (exp(st.d) - 1), 1) || ' %), pour une évolution habituelle de '
       || fr_number(100.0 * (exp(sp.m) - 1), 1) || ' % ± '
       || fr_number(100.0 * 1.4826 * sp.mad, 1) || ' % (médiane ± écart absolu médian normalisé des log-évolutions)'
FROM steps st
JOIN step_spread sp ON sp.territory = st.territory AND sp.indicator = st.indicator
                   AND sp.edition = st.edition
JOIN documented dc ON dc.id = st.indicator
WHERE sp.n >= 5 AND st.prev_value >= 50 AND st.value >= 50
  -- a step DREES documents is flagged as documented_break, not again here
  AND NOT (st.year = 2004 AND dc.break_2004)
  AND NOT (st.year = 2018 AND dc.break_2018)
  AND abs(st.d - sp.m) > 5 * 1.4826 * sp.mad
  AND abs(st.d - sp.m) > ln(1.2)
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
