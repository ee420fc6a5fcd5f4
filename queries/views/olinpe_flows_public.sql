-- Entrées et sorties OLINPE diffusables : un effectif de 1 à 4 personnes est en secret statistique (NULL, `entries_secret` ou `exits_secret` = 's'). Aucune marge n'est publiée avec elles. olinpe_flows reste la vue brute, locale.
SELECT departement, year,
       CASE WHEN entries BETWEEN 1 AND 4 THEN NULL ELSE entries END AS entries,
       CASE WHEN exits BETWEEN 1 AND 4 THEN NULL ELSE exits END AS exits,
       CASE WHEN entries BETWEEN 1 AND 4 THEN 's' END AS entries_secret,
       CASE WHEN exits BETWEEN 1 AND 4 THEN 's' END AS exits_secret
FROM olinpe_flows
