-- Parcours OLINPE diffusables : les parcours de moins de 5 personnes sont regroupés en « autres parcours » ; si ce regroupement compte lui-même 1 à 4 personnes, il est en secret statistique avec, en secret secondaire, le plus petit parcours publié s'il protège assez (la somme des cellules cachées se déduit des parts ; règle de olinpe_stock_public et docs/olinpe.md, « Secret statistique »), sinon tous les parcours du département. Les parts des cellules cachées le sont aussi. olinpe_sequences reste la vue brute, locale.
-- Règle (a le regroupement de 1 à 4 personnes, c1 le plus petit parcours publiable, c2 le suivant) : c1 suffit quand a + c1 ≥ 9 et a + c1 − 1 ≤ c2 − 1.
WITH s AS (
    SELECT departement, CASE WHEN persons < 5 THEN 'autres parcours' ELSE sequence END AS sequence,
           persons, share_pct
    FROM olinpe_sequences
),
p AS (
    SELECT departement, sequence, SUM(persons) AS persons, SUM(share_pct) AS share_pct
    FROM s GROUP BY departement, sequence
),
f AS (
    SELECT p.*, sequence = 'autres parcours' AND persons BETWEEN 1 AND 4 AS primary_secret FROM p
),
c AS (
    SELECT departement, sequence, persons,
           ROW_NUMBER() OVER (PARTITION BY departement ORDER BY persons, sequence) AS rank
    FROM f WHERE NOT primary_secret
),
g AS (
    SELECT departement, MAX(CASE WHEN primary_secret THEN persons END) AS pool FROM f GROUP BY departement
),
d AS (
    SELECT g.departement, g.pool, c1.sequence AS second,
           g.pool IS NOT NULL
           AND NOT COALESCE(c1.persons IS NOT NULL AND g.pool + c1.persons >= 9
                            AND (c2.persons IS NULL OR g.pool + c1.persons - 1 <= c2.persons - 1), FALSE) AS whole
    FROM g
    LEFT JOIN c c1 ON c1.departement = g.departement AND c1.rank = 1
    LEFT JOIN c c2 ON c2.departement = g.departement AND c2.rank = 2
),
h AS (
    SELECT f.*, d.whole,
           f.primary_secret OR (d.pool IS NOT NULL AND (d.whole OR f.sequence = d.second)) AS secret_cell
    FROM f JOIN d ON d.departement = f.departement
)
SELECT departement, sequence,
       CASE WHEN secret_cell THEN NULL ELSE persons END AS persons,
       CASE WHEN secret_cell THEN NULL ELSE share_pct END AS share_pct,
       CASE WHEN secret_cell THEN 's' END AS secret
FROM h
