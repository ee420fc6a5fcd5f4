-- Chaque chiffre d'un document rattaché à un indicateur du catalogue, à côté de la valeur DREES ou calculée pour le même territoire, indicateur et année (ou période, pour les évolutions), avec l'écart et le statut (concorde, diffère, concept différent, pas de valeur DREES ; `statut` le dit en français).
-- materialize: true
-- Values are compared in the figure's unit: euro amounts are converted from the DREES k€; a
-- figure `matches` when the DREES value rounded to the figure's printed decimals equals it.
-- Reviewed verdicts (data/documents/reconciliation.csv) take precedence over the computed one.
WITH f AS (
    SELECT doc_id, line, label, value_text, value, unit, kind, year, period_start, period_end,
           territory, indicator, note,
           CASE WHEN strpos(value_text, '.') > 0
                THEN CAST(length(value_text) - strpos(value_text, '.') AS INT) ELSE 0 END AS decimals,
           -- DREES k€ → the figure's unit
           CASE unit WHEN 'euro' THEN 1000.0 WHEN 'million_euro' THEN 0.001
                     WHEN 'billion_euro' THEN 0.000001 ELSE 1.0 END AS factor
    FROM document_figures
    WHERE indicator IS NOT NULL
),
j AS (
    SELECT f.*,
           CASE WHEN f.kind = 'change'
                THEN CASE WHEN f.unit = 'percent' THEN c.change_pct ELSE c.change * f.factor END
                -- the DREES k€ are converted to the figure's euro unit; a rate per 1 000 to a
                -- figure printed per 100 (%)
                ELSE v.value * CASE WHEN v.unit = 'thousand_euro' THEN f.factor
                                    WHEN v.unit = 'per_thousand' AND f.unit = 'percent' THEN 0.1
                                    ELSE 1.0 END END AS drees_value
    FROM f
    LEFT JOIN changes c
           ON f.kind = 'change' AND c.territory = f.territory AND c.indicator = f.indicator
          AND c.from_year = f.period_start AND c.to_year = f.period_end
    LEFT JOIN indicator_values v
           ON f.kind <> 'change' AND v.territory = f.territory AND v.indicator = f.indicator
          AND v.year = f.year
)
SELECT r.*,
       CASE r.status
           WHEN 'matches' THEN 'concorde'
           WHEN 'differs' THEN 'diffère'
           WHEN 'different concept' THEN 'autre concept'
           WHEN 'no DREES value' THEN 'pas de valeur DREES'
           ELSE r.status
       END AS statut
FROM (
SELECT j.doc_id, j.line, j.territory, j.indicator, j.kind, j.unit, j.year, j.period_start,
       j.period_end, j.value_text, j.value, j.drees_value,
       round(j.drees_value, j.decimals) AS drees_rounded,
       j.value - j.drees_value AS difference,
       CASE
           WHEN n.status IS NOT NULL THEN n.status
           WHEN j.drees_value IS NULL THEN 'no DREES value'
           WHEN abs(round(j.drees_value, j.decimals) - j.value) < 1e-9 THEN 'matches'
           ELSE 'differs'
       END AS status,
       n.explanation,
       j.label
FROM j
LEFT JOIN reconciliation_notes n
       ON n.doc_id = j.doc_id AND n.line = j.line AND n.territory = j.territory
      AND (n.indicator IS NULL OR n.indicator = j.indicator)
) r
