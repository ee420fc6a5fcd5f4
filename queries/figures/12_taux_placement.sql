-- title: Taux de mesures de placement en $year
-- sheet: Taux de placement
-- subtitle: Enfants accueillis à l'ASE au 31/12/$year pour 100 jeunes de 0 à 20 ans ; population au 1er janvier {population_year} {population_note}
-- chart: table
-- category: territoire
-- code: territory
-- value: taux_placement
-- headers: Taux de placement (%)
-- unit: percent
-- decimals: 1
-- source: DREES, enquête Aide sociale ; Insee, estimations de population ; calculs depbench (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans, convention DREES ; région : somme de ses départements, taux = somme des effectifs / somme des populations)
-- params: focus, peers, references, year
-- indicators: TotEnfAccueillisASE
-- lecture: en $year, les enfants accueillis à l'ASE représentent {focus_value} des jeunes de 0 à 20 ans {focus_in}, contre {reference_value} {reference_in}.
-- Reproduces the table of the Charente-Maritime état des lieux (seed 001, lines 305-311: 1,7 % for
-- the 17, 1,4 % for the 22 and the 64, 1,8 % for the 14) from DREES and Insee data, for any focus
-- and peers. When Insee's edition does not yet hold 1 January $year+1, the latest population is
-- used and the subtitle says so (France métropolitaine then gives 1,2 % where the document, with
-- the population at 1/1/2023, prints 1,3 %: see the reconciliation).
WITH shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS role_order,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_order
    FROM territories
    WHERE code = $focus OR code IN ($peers) OR code IN ($references)
)
SELECT s.code AS territory, s.name AS territoire, r.rate_per_1000 / 10.0 AS taux_placement,
       r.population_year,
       CASE WHEN r.population_fallback
            THEN '(la dernière publiée : celle du 1er janvier ' || CAST($year + 1 AS VARCHAR) || ' ne l''est pas encore)'
            ELSE '' END AS population_note
FROM shown s
LEFT JOIN rates r
       ON r.territory = s.code AND r.indicator = 'TotEnfAccueillisASE' AND r.year = $year
      AND r.band = '0-20'
ORDER BY s.role_order, s.ref_order, s.name
