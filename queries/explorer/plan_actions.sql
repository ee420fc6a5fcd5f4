-- The actions (and fiches) of document $doc's plans by theme, with their seed line: an item tagged
-- with several themes is listed under each; untagged items are not listed.
WITH a AS (
    SELECT p.plan_id, p.level, p.number, p.title, p.line, p.pilot, p.calendar,
           unnest(string_to_array(p.themes, ';')) AS theme
    FROM plan_items p
    WHERE p.doc_id = $doc AND p.themes IS NOT NULL AND p.themes <> ''
)
SELECT COALESCE(th.label, 'Sans thème') AS "thème", a.plan_id AS plan, a.level AS niveau, a.number AS "n°",
       a.title AS action, a.line AS ligne, a.pilot AS pilote, a.calendar AS calendrier
FROM a
LEFT JOIN themes th ON th.id = trim(a.theme)
ORDER BY COALESCE(th.position, 999), a.plan_id, a.line
