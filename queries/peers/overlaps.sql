-- The départements overlapping département $focus (`territory_overlaps`): how each stands to the
-- focus (`relation`), the year the later one starts (`since`), and its name, for refusing a named peer.
SELECT o.territory, t.name, o.relation, o.since
FROM territory_overlaps o
JOIN territories t ON t.code = o.territory
WHERE o.other = $focus
ORDER BY o.territory
