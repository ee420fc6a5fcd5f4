-- Number of actions per theme and département: lowest-level items (no child) of current plans, themes split on ';' (an action with two themes counts once in each).
WITH leaves AS (
    SELECT i.doc_id, i.plan_id, i.item_id, i.themes
    FROM plan_items i
    JOIN plans p ON p.doc_id = i.doc_id AND p.plan_id = i.plan_id AND p.status = 'current'
    WHERE NOT EXISTS (
        SELECT 1 FROM plan_items c
        WHERE c.doc_id = i.doc_id AND c.plan_id = i.plan_id AND c.parent_id = i.item_id
    )
),
-- string_to_array/unnest need DataFusion's nested-expression feature, which depbench does not
-- build: split with split_part over positions 1-8 (the longest list has 3 themes).
tagged AS (
    SELECT l.doc_id, l.item_id, trim(split_part(l.themes, ';', n.k)) AS theme
    FROM leaves l
    CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) AS n(k)
    WHERE trim(split_part(l.themes, ';', n.k)) <> ''
)
SELECT d.department, t.theme, th.label, th.position, COUNT(*) AS actions
FROM tagged t
JOIN documents d ON d.doc_id = t.doc_id
JOIN themes th ON th.id = t.theme
GROUP BY d.department, t.theme, th.label, th.position
ORDER BY d.department, th.position
