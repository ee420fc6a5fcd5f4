-- title: Thèmes des actions des schémas départementaux
-- sheet: Thèmes des schémas
-- subtitle: Nombre d'actions de chaque schéma en vigueur par thème
-- chart: matrix
-- category: theme
-- series: departement
-- value: actions
-- unit: count
-- axis: thème
-- source: Schémas départementaux (Orne 2025-2029, Charente-Maritime 2025-2029, Val-d'Oise 2023-2028, Hérault 2024-2028, Haute-Garonne 2021-2025) ; classement depbench
-- params:
WITH leaves AS (
    SELECT i.doc_id, i.plan_id, i.item_id, i.themes
    FROM plan_items i
    JOIN plans p ON p.doc_id = i.doc_id AND p.plan_id = i.plan_id AND p.status = 'current'
    WHERE i.themes IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM plan_items c
                      WHERE c.doc_id = i.doc_id AND c.plan_id = i.plan_id AND c.parent_id = i.item_id)
),
tagged AS (
    SELECT doc_id, trim(theme) AS theme
    FROM (SELECT doc_id, unnest(string_to_array(themes, ';')) AS theme FROM leaves)
)
SELECT th.label AS theme, t.name AS departement, th.position, COUNT(tg.doc_id) AS actions
FROM themes th
CROSS JOIN documents d
JOIN territories t ON t.code = d.department
LEFT JOIN tagged tg ON tg.theme = th.id AND tg.doc_id = d.doc_id
GROUP BY th.label, th.position, t.name
ORDER BY th.position, t.name
