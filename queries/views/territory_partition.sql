-- Pour chaque année, les territoires qui partitionnent chaque ensemble national (FRM France métropolitaine, DROM hors Mayotte, FRE France entière hors Mayotte) : les sommes sur la partition égalent les totaux de la DREES.
-- materialize: true
-- A territory belongs to a year's partition when it is a département valid that year
-- (`territories.valid_from`/`valid_to`: 2A and 2B until 2017, 20 from 2018) whose parent is a
-- région (so the Rhône is counted once, as 69, never with its parts 69D and 69M), and its
-- région's parent is the scope. Mayotte (976) has no région in DREES's field and is in no scope.
-- Years: every year of the observations and populations.
WITH years AS (
    SELECT DISTINCT year FROM observations
    UNION
    SELECT DISTINCT year FROM populations
),
members AS (
    SELECT d.code AS territory, r.parent_code AS scope, d.valid_from, d.valid_to
    FROM territories d
    JOIN territories r ON r.code = d.parent_code AND r.kind = 'region'
    WHERE d.kind = 'departement' AND r.parent_code IN ('FRM', 'DROM')
)
SELECT y.year, m.scope, m.territory
FROM years y
JOIN members m
  ON (m.valid_from IS NULL OR y.year >= m.valid_from)
 AND (m.valid_to IS NULL OR y.year <= m.valid_to)
UNION ALL
SELECT y.year, 'FRE' AS scope, m.territory
FROM years y
JOIN members m
  ON (m.valid_from IS NULL OR y.year >= m.valid_from)
 AND (m.valid_to IS NULL OR y.year <= m.valid_to)
