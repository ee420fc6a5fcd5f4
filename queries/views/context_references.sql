-- Indicateurs de contexte des références : France métropolitaine (FRM), DROM hors Mayotte, France entière hors Mayotte (FRE) et régions, chacune somme de ses départements (numérateurs et dénominateurs), comme `context_indicators`.
-- materialize: true
-- The départements of a group are those of the year's partition (`territory_partition`, scope
-- FRE: the Rhône whole, Corse as 2A/2B or 20) whose national scope or région it is. A group's
-- value sums the départements that have the indicator that year (`n_departements` of
-- `n_expected`: a département without the indicator that year is left out of the sum, and
-- figures say so; Corse's minima of 2018-2019 are 2A + 2B, see `context_indicators`);
-- NULL when one of those has a value without a base.
WITH part AS (
    SELECT p.territory, p.year, p.scope, t.parent_code,
           r.code AS region
    FROM territory_partition p
    JOIN territories t ON t.code = p.territory
    LEFT JOIN territories r ON r.code = t.parent_code AND r.kind = 'region'
    WHERE p.scope IN ('FRM', 'DROM')
),
members AS (
    SELECT territory, year, scope AS grp FROM part
    UNION ALL
    SELECT territory, year, 'FRE' AS grp FROM part
    UNION ALL
    SELECT territory, year, region AS grp FROM part WHERE region IS NOT NULL
),
expected AS (
    SELECT grp, year, COUNT(*) AS n_expected FROM members GROUP BY grp, year
),
joined AS (
    SELECT m.grp, c.indicator, c.year, c.unit, c.scale, c.numerator, c.denominator,
           CASE WHEN c.numerator IS NOT NULL AND c.denominator > 0 THEN 1 ELSE 0 END AS complete
    FROM members m
    JOIN context_indicators c ON c.territory = m.territory AND c.year = m.year
),
sums AS (
    SELECT grp, indicator, year, MAX(unit) AS unit, MAX(scale) AS scale,
           SUM(numerator) AS numerator, SUM(denominator) AS denominator,
           COUNT(*) AS n_departements, SUM(complete) AS n_complete
    FROM joined GROUP BY grp, indicator, year
)
SELECT s.grp AS territory, s.indicator, CAST(s.year AS INT) AS year,
       CASE WHEN s.n_complete = s.n_departements AND s.denominator > 0 THEN s.scale * s.numerator / s.denominator END AS value,
       s.unit, CAST(s.n_departements AS INT) AS n_departements, CAST(e.n_expected AS INT) AS n_expected
FROM sums s JOIN expected e ON e.grp = s.grp AND e.year = s.year
