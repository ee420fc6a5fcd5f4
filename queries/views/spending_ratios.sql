-- ASE gross spending (current euros) per young person aged 0-20 (DREES convention) and 0-19 at 1/1/N+1, and per child in care (enfants accueillis at 31/12/N); a ratio without a base is NULL with the reason in `status`.
-- materialize: true
-- pop_0_20 is estimated (0-19 + 1/5 of 20-24, see `populations`). status: `computed`; `no value`
-- (spending missing or not applicable); `no population` (1/1/N+1 not published); `base is zero`.
-- Never ±inf or NaN.
-- Régions are the sums of their départements (`bench_observations`, `region_sums`), not DREES's régional rows.
WITH dep AS (
    SELECT territory, year, value AS depense_brute_keur
    FROM bench_observations WHERE indicator = 'DepBruteASE'
),
acc AS (
    SELECT territory, year, value AS accueillis
    FROM bench_observations WHERE indicator = 'TotEnfAccueillisASE'
)
SELECT d.territory, d.year, d.depense_brute_keur, p.pop_0_19, p.year AS population_year, a.accueillis,
       CASE WHEN p.pop_0_19 > 0 THEN 1000.0 * d.depense_brute_keur / p.pop_0_19 END AS depense_par_jeune,
       CASE WHEN a.accueillis > 0 THEN 1000.0 * d.depense_brute_keur / a.accueillis END AS depense_par_enfant_accueilli,
       p.pop_0_20,
       CASE WHEN p.pop_0_20 > 0 THEN 1000.0 * d.depense_brute_keur / p.pop_0_20 END AS depense_par_jeune_0_20,
       CASE WHEN d.depense_brute_keur IS NULL THEN 'no value'
            WHEN p.pop_0_19 IS NULL THEN 'no population'
            WHEN p.pop_0_19 = 0 THEN 'base is zero'
            ELSE 'computed' END AS status
FROM dep d
LEFT JOIN populations p ON p.territory = d.territory AND p.year = d.year + 1
LEFT JOIN acc a ON a.territory = d.territory AND a.year = d.year
