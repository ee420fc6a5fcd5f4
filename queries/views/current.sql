-- Current DREES values (newest edition of each territory, indicator and year) with names and units.
SELECT o.territory, t.name AS territory_name, t.kind AS territory_kind,
       o.indicator, i.short_label AS indicator_label, i.unit,
       o.year, o.value, o.status, o.source_id, o.source_ref, o.edition
FROM observations o
JOIN territories t ON t.code = o.territory
JOIN indicators i ON i.id = o.indicator
WHERE o.is_current
