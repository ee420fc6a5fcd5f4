-- Couples de départements qui couvrent en partie le même territoire, à ne jamais comparer entre eux (un pair qui recouvre le département étudié compte deux fois les mêmes enfants) : `relation` dit comment `territory` se situe par rapport à `other`.
-- materialize: true
-- 'contains': `territory` is the whole `other` is part of (the Rhône 69 and its parts 69D, 69M);
-- 'part_of': the converse; 'replaces' / 'replaced_by': two départements of one région valid in
-- disjoint years, one taking over the other's ground (Corse 20 from 2018 for Corse-du-Sud 2A
-- and Haute-Corse 2B until 2017); `since` is the first year of the later one (NULL for parts).
-- Each pair appears both ways. The same code is not listed (a territory overlaps itself).
SELECT t.code AS territory, o.code AS other,
       CASE WHEN o.parent_code = t.code THEN 'contains'
            WHEN t.parent_code = o.code THEN 'part_of'
            WHEN t.valid_from > o.valid_to THEN 'replaces'
            ELSE 'replaced_by' END AS relation,
       CASE WHEN o.parent_code = t.code OR t.parent_code = o.code THEN CAST(NULL AS INT)
            WHEN t.valid_from > o.valid_to THEN CAST(t.valid_from AS INT)
            ELSE CAST(o.valid_from AS INT) END AS since
FROM territories t
JOIN territories o ON o.code <> t.code
WHERE t.kind = 'departement' AND o.kind = 'departement'
  AND (o.parent_code = t.code
       OR t.parent_code = o.code
       OR (t.parent_code = o.parent_code
           AND (t.valid_to < o.valid_from OR o.valid_to < t.valid_from)))
