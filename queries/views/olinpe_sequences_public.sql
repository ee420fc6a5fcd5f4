-- Parcours OLINPE diffusables : les parcours de moins de 5 personnes sont regroupés en « autres parcours » ; si ce regroupement compte lui-même 1 à 4 personnes, il est en secret statistique avec, en secret secondaire, le plus petit parcours publié (les parts somment à 100 %). olinpe_sequences reste la vue brute, locale.
WITH s AS (
    SELECT departement, CASE WHEN persons < 5 THEN 'autres parcours' ELSE sequence END AS sequence,
           persons, share_pct
    FROM olinpe_sequences
),
p AS (
    SELECT departement, sequence, SUM(persons) AS persons, SUM(share_pct) AS share_pct
    FROM s GROUP BY departement, sequence
),
g AS (
    SELECT p.*,
           MAX(CASE WHEN sequence = 'autres parcours' AND persons BETWEEN 1 AND 4 THEN 1 ELSE 0 END)
               OVER (PARTITION BY departement) AS small_pool,
           ROW_NUMBER() OVER (PARTITION BY departement
                              ORDER BY CASE WHEN sequence = 'autres parcours' THEN 1 ELSE 0 END, persons, sequence) AS smallest
    FROM p
),
f AS (
    SELECT g.*, small_pool = 1 AND (sequence = 'autres parcours' OR smallest = 1) AS secret_cell FROM g
)
SELECT departement, sequence,
       CASE WHEN secret_cell THEN NULL ELSE persons END AS persons,
       CASE WHEN secret_cell THEN NULL ELSE share_pct END AS share_pct,
       CASE WHEN secret_cell THEN 's' END AS secret
FROM f
