-- Stock OLINPE au 31/12 diffusable : personnes et mesures par type de mesure, les cellules de moins de 5 personnes (1 à 4) en secret statistique (`secret` = 's', valeurs NULL), avec un secret secondaire : quand une seule cellule d'un département et d'une année est secrète, la plus petite autre l'est aussi ; et le total (`total`) est secret dès qu'une cellule de l'année l'est, car les mesures s'additionnent d'un type à l'autre : total moins cellules diffusées redonnerait la somme des cellules cachées (cinq cellules cachées pour 5 mesures en tout : chacune vaut 1). Le total est aussi secret sous 5 personnes. Les figures, exports et l'explorateur lisent cette vue ; olinpe_stock reste la vue brute, locale.
WITH s AS (
    SELECT *, measure_type <> 'total' AND persons BETWEEN 1 AND 4 AS primary_secret
    FROM olinpe_stock
),
g AS (
    SELECT s.*,
           SUM(CASE WHEN primary_secret THEN 1 ELSE 0 END) OVER (PARTITION BY departement, year) AS primaries,
           ROW_NUMBER() OVER (PARTITION BY departement, year
                              ORDER BY CASE WHEN primary_secret OR measure_type = 'total' THEN 1 ELSE 0 END, persons, measure_type) AS smallest
    FROM s
),
f AS (
    SELECT g.*,
           primary_secret
           OR (measure_type = 'total' AND (persons BETWEEN 1 AND 4 OR primaries >= 1))
           OR (primaries = 1 AND smallest = 1 AND NOT primary_secret AND measure_type <> 'total') AS secret_cell
    FROM g
)
SELECT departement, year, measure_type,
       CASE WHEN secret_cell THEN NULL ELSE measures END AS measures,
       CASE WHEN secret_cell THEN NULL ELSE persons END AS persons,
       CASE WHEN secret_cell THEN 's' END AS secret,
       CASE WHEN primary_secret OR (measure_type = 'total' AND persons BETWEEN 1 AND 4) THEN 'moins de 5 personnes'
            WHEN secret_cell AND measure_type = 'total' THEN 'secret secondaire (le total redonnerait la somme des cellules secrètes)'
            WHEN secret_cell THEN 'secret secondaire (protège une cellule de moins de 5 personnes)' END AS secret_reason
FROM f
