-- title: Tableau de bord de la protection de l'enfance en $year
-- subtitle: Niveaux au 31/12/$year et évolution $from-$year ; taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier {population_year}
-- chart: table
-- category: territoire
-- code: territory
-- value: taux_accueillis, taux_ae, part_judiciaire, part_familles, evolution_accueillis
-- headers: Enfants accueillis pour 1 000 jeunes de 0 à 20 ans, Actions éducatives pour 1 000 jeunes de 0 à 20 ans, Part judiciaire des actions éducatives (%), Part des confiés en famille d'accueil (%), Évolution des enfants accueillis $from-$year (%)
-- unit: ratio
-- decimals: 1
-- signed: evolution_accueillis
-- source: DREES, enquête Aide sociale (séries prolongées à 2022) ; Insee, estimations de population au 1er janvier ; calculs depbench (taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier suivant, convention DREES ; 0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans ; dernière population publiée à défaut)
-- params: focus, peers, year, from
-- indicators: TotEnfAccueillisASE year from, TotBenefAE, TotBenefAED, TotBenefAEMO, TotEnfConfiesASE, TotEnfASEPlacesFamillesAccueil
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
WITH shown AS (
    SELECT code, name, CASE WHEN code = $focus THEN 0 WHEN code = 'FRM' THEN 2 ELSE 1 END AS ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code = 'FRM'
),
v AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'taux_accueillis_0_20' THEN value END) AS taux_accueillis,
           MAX(CASE WHEN indicator = 'taux_ae_0_20' THEN value END) AS taux_ae,
           MAX(CASE WHEN indicator = 'part_judiciaire_ae' THEN value END) AS part_judiciaire,
           MAX(CASE WHEN indicator = 'part_familles_accueil' THEN value END) AS part_familles
    FROM indicator_values WHERE year = $year
    GROUP BY territory
),
c AS (
    SELECT b.territory, CASE WHEN a.value <> 0 THEN 100.0 * (b.value - a.value) / a.value END AS change_pct
    FROM indicator_values a
    JOIN indicator_values b ON b.territory = a.territory AND b.indicator = a.indicator
    WHERE a.indicator = 'TotEnfAccueillisASE' AND a.year = $from AND b.year = $year
)
SELECT s.code AS territory, s.name AS territoire,
       v.taux_accueillis, v.taux_ae, v.part_judiciaire, v.part_familles,
       c.change_pct AS evolution_accueillis,
       (SELECT MAX(population_year) FROM rates
        WHERE territory = 'FRM' AND indicator = 'TotEnfAccueillisASE' AND year = $year
          AND band = '0-20') AS population_year
FROM shown s
LEFT JOIN v ON v.territory = s.code
LEFT JOIN c ON c.territory = s.code
ORDER BY s.ord, s.name
