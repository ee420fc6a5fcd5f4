-- Chaque valeur qui diffère entre deux éditions successives qui la contiennent : territoire, indicateur, année, édition et valeur anciennes, édition et valeur nouvelles, écart (nouvelle − ancienne ; NULL quand l'une est un marqueur).
-- A key's editions are ordered as `is_current` orders them (edition, then a workbook before its
-- tidy CSV conversion of the same edition); each edition is compared with the next one up.
-- A value that becomes a marker, or a marker that becomes a value, is a revision too.
-- Local values (`local_values`: a département's kit editions, after its plan's own figures) are
-- compared the same way, edition after edition; a `conflicting` print of a plan is left out.
WITH ranked_local AS (
    SELECT territory, indicator, year, edition, source_id, value, status,
           ROW_NUMBER() OVER (PARTITION BY territory, indicator, year ORDER BY edition) AS rank
    FROM local_values
    WHERE status <> 'conflicting'
),
ranked AS (
    SELECT territory, indicator, year, edition, source_id, value, status,
           ROW_NUMBER() OVER (
               PARTITION BY territory, indicator, year
               ORDER BY edition, CASE WHEN source_ref LIKE '%!%' THEN 1 ELSE 0 END
           ) AS rank
    FROM observations
)
SELECT n.territory, n.indicator, n.year,
       o.edition AS older_edition, o.source_id AS older_source_id,
       o.value AS older_value, o.status AS older_status,
       n.edition AS newer_edition, n.source_id AS newer_source_id,
       n.value AS newer_value, n.status AS newer_status,
       n.value - o.value AS difference
FROM ranked o
JOIN ranked n
  ON n.territory = o.territory AND n.indicator = o.indicator AND n.year = o.year
 AND n.rank = o.rank + 1
WHERE o.edition <> n.edition
  AND ((o.value IS DISTINCT FROM n.value) OR (o.status <> n.status))
UNION ALL
SELECT n.territory, n.indicator, n.year,
       o.edition AS older_edition, o.source_id AS older_source_id,
       o.value AS older_value, o.status AS older_status,
       n.edition AS newer_edition, n.source_id AS newer_source_id,
       n.value AS newer_value, n.status AS newer_status,
       n.value - o.value AS difference
FROM ranked_local o
JOIN ranked_local n
  ON n.territory = o.territory AND n.indicator = o.indicator AND n.year = o.year
 AND n.rank = o.rank + 1
WHERE o.edition <> n.edition
  AND ((o.value IS DISTINCT FROM n.value) OR (o.status <> n.status))
