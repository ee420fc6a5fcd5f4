-- ASE gross spending (current euros) per young person aged 0-19 at 1/1/N+1 and per child in care (enfants accueillis at 31/12/N).
-- materialize: true
WITH dep AS (
    SELECT territory, year, value AS depense_brute_keur
    FROM observations WHERE is_current AND indicator = 'DepBruteASE'
),
acc AS (
    SELECT territory, year, value AS accueillis
    FROM observations WHERE is_current AND indicator = 'TotEnfAccueillisASE'
)
SELECT d.territory, d.year, d.depense_brute_keur, p.pop_0_19, p.year AS population_year, a.accueillis,
       1000.0 * d.depense_brute_keur / p.pop_0_19 AS depense_par_jeune,
       1000.0 * d.depense_brute_keur / a.accueillis AS depense_par_enfant_accueilli
FROM dep d
LEFT JOIN populations p ON p.territory = d.territory AND p.year = d.year + 1
LEFT JOIN acc a ON a.territory = d.territory AND a.year = d.year
