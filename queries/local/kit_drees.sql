-- Valeurs DREES courantes du département $focus, de $from à $to, des indicateurs DREES que les indicateurs locaux recoupent (montrées à côté des cases à remplir du kit).
SELECT l.id AS local_indicator, o.indicator, o.year, o.value, o.status
FROM local_indicators l
JOIN observations o ON o.indicator = l.drees_indicator
WHERE o.is_current AND o.territory = $focus AND o.year BETWEEN $from AND $to
ORDER BY l.id, o.year
