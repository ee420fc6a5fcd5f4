-- Valeurs DREES courantes (édition la plus récente de chaque territoire, indicateur et année), avec noms et unités.
SELECT o.territory, t.name AS territory_name, t.kind AS territory_kind,
       o.indicator, i.short_label AS indicator_label, i.unit,
       o.year, o.value, o.status, o.source_id, o.source_ref, o.edition
FROM observations o
JOIN territories t ON t.code = o.territory
JOIN indicators i ON i.id = o.indicator
WHERE o.is_current
