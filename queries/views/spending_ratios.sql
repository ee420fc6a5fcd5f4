-- Dépense brute d'ASE (euros courants) par jeune de 0 à 20 ans (convention DREES) et de 0 à 19 ans au 1/1/N+1, et par enfant accueilli au 31/12/N ; un ratio sans base est NULL avec la raison dans `status` (par jeune) ou `status_par_enfant_accueilli`.
-- materialize: true
-- pop_0_20 is estimated (0-19 + 1/5 of 20-24, see `populations`). Each NULL ratio has its reason:
-- `status` for the ratios per young person (`depense_par_jeune`, `depense_par_jeune_0_20`):
-- `computed`; `no value` (spending missing or not applicable); `no population` (1/1/N+1 not
-- published); `base is zero`. `status_par_enfant_accueilli` for `depense_par_enfant_accueilli`:
-- `computed`; `no value` (spending missing); `no children count` (no count of enfants
-- accueillis that year: DREES counts them from 2002, spending from 1999); `base is zero`.
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
            WHEN p.pop_0_19 IS NULL OR p.pop_0_20 IS NULL THEN 'no population'
            WHEN p.pop_0_19 = 0 OR p.pop_0_20 = 0 THEN 'base is zero'
            ELSE 'computed' END AS status,
       CASE WHEN d.depense_brute_keur IS NULL THEN 'no value'
            WHEN a.accueillis IS NULL THEN 'no children count'
            WHEN a.accueillis = 0 THEN 'base is zero'
            ELSE 'computed' END AS status_par_enfant_accueilli
FROM dep d
LEFT JOIN populations p ON p.territory = d.territory AND p.year = d.year + 1
LEFT JOIN acc a ON a.territory = d.territory AND a.year = d.year
