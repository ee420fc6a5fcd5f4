-- Stock OLINPE au 31/12 diffusable : personnes et mesures par type de mesure, les cellules de 1 à 4 personnes en secret statistique (`secret` = 's', valeurs NULL) avec un secret secondaire à intervalle de protection (docs/olinpe.md, « Secret statistique ») : la plus petite autre cellule du département et de l'année est cachée si, la somme des cellules cachées étant connue (total, flux, parts d'un autre tableau) et une cellule secondaire valant au moins 5, chaque cellule primaire peut encore valoir 1 comme 4 ; sinon toutes les cellules de l'année le sont. Le total est secret dès qu'une cellule l'est. Les figures, exports et l'explorateur lisent cette vue ; olinpe_stock reste la vue brute, locale.
-- Règle (p cellules primaires de somme sp, c1 la plus petite cellule publiable, c2 la suivante, n1 les mesures du type de c1 diffusées par olinpe_durations_public, borne haute de c1) : c1 suffit quand sp + c1 ≥ p + 8 (une primaire monte à 4, les autres à 1, c1 descend à 5 au plus bas) et sp + c1 − 1 − 4 (p − 1) ≤ min(c2 − 1, n1) (une primaire descend à 1, les autres à 4, c1 monte sans dépasser ce que l'ordre des cellules et les durées en disent).
WITH s AS (
    SELECT *, measure_type <> 'total' AND persons BETWEEN 1 AND 4 AS primary_secret
    FROM olinpe_stock
),
c AS (
    SELECT s.departement, s.year, s.measure_type, s.persons, d.n,
           ROW_NUMBER() OVER (PARTITION BY s.departement, s.year ORDER BY s.persons, s.measure_type) AS rank
    FROM s LEFT JOIN olinpe_durations d ON d.departement = s.departement AND d.measure_type = s.measure_type
    WHERE NOT s.primary_secret AND s.measure_type <> 'total' AND s.persons > 0
),
g AS (
    SELECT departement, year,
           SUM(CASE WHEN primary_secret THEN 1 ELSE 0 END) AS p,
           SUM(CASE WHEN primary_secret THEN persons ELSE 0 END) AS sp
    FROM s WHERE measure_type <> 'total'
    GROUP BY departement, year
),
b AS (
    SELECT g.departement, g.year, g.p, g.sp, c1.measure_type AS second_type, c1.persons AS c1,
           CASE WHEN c2.persons IS NULL THEN c1.n
                WHEN c1.n IS NULL THEN c2.persons - 1
                WHEN c1.n < c2.persons - 1 THEN c1.n ELSE c2.persons - 1 END AS c1_max
    FROM g
    LEFT JOIN c c1 ON c1.departement = g.departement AND c1.year = g.year AND c1.rank = 1
    LEFT JOIN c c2 ON c2.departement = g.departement AND c2.year = g.year AND c2.rank = 2
),
d AS (
    SELECT b.*,
           p >= 1 AND NOT COALESCE(c1 IS NOT NULL AND sp + c1 >= p + 8
                                   AND (c1_max IS NULL OR sp + c1 - 1 - 4 * (p - 1) <= c1_max), FALSE) AS whole
    FROM b
),
f AS (
    SELECT s.*, d.p, d.whole,
           s.primary_secret
           OR (d.p >= 1 AND (d.whole OR s.measure_type = 'total' OR s.measure_type = d.second_type))
           OR (s.measure_type = 'total' AND s.persons BETWEEN 1 AND 4) AS secret_cell
    FROM s JOIN d ON d.departement = s.departement AND d.year = s.year
)
SELECT departement, year, measure_type,
       CASE WHEN secret_cell THEN NULL ELSE measures END AS measures,
       CASE WHEN secret_cell THEN NULL ELSE persons END AS persons,
       CASE WHEN secret_cell THEN 's' END AS secret,
       CASE WHEN secret_cell AND whole THEN 'secret de toute l''année (aucune cellule secondaire ne protège assez les cellules de moins de 5 personnes)'
            WHEN primary_secret OR (measure_type = 'total' AND persons BETWEEN 1 AND 4) THEN 'moins de 5 personnes'
            WHEN secret_cell AND measure_type = 'total' THEN 'secret secondaire (le total redonnerait la somme des cellules secrètes)'
            WHEN secret_cell THEN 'secret secondaire (protège une cellule de moins de 5 personnes)' END AS secret_reason
FROM f
