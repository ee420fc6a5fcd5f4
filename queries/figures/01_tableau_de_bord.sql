-- title: Tableau de bord de la protection de l'enfance en $year
-- sheet: Tableau de bord
-- subtitle: Effectifs au 31/12/$year et évolution $from-$year en nombre et en % ; taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier {population_year} {population_note}
-- chart: table
-- category: territoire
-- code: territory
-- value: accueillis, taux_accueillis, ae, taux_ae, part_judiciaire, confies, part_familles, evolution_accueillis, evolution_accueillis_pct
-- headers: Enfants accueillis (nombre), Enfants accueillis pour 1 000 jeunes de 0 à 20 ans (‰), Actions éducatives AED + AEMO (nombre), Actions éducatives pour 1 000 jeunes de 0 à 20 ans (‰), Part judiciaire (AEMO) des actions éducatives (%), Enfants confiés (nombre), Part des confiés en famille d'accueil (%), Évolution des enfants accueillis $from-$year (nombre), Évolution des enfants accueillis $from-$year (%)
-- unit: count
-- units: count, per_thousand, count, per_thousand, percent, count, percent, count, percent
-- signed: evolution_accueillis, evolution_accueillis_pct
-- source: DREES, enquête Aide sociale (séries prolongées à 2022) ; Insee, estimations de population au 1er janvier ; calculs depbench (taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier suivant, convention DREES ; 0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans ; dernière population publiée à défaut ; région : somme de ses départements, taux = somme des effectifs / somme des populations)
-- params: focus, peers, references, year, from
-- indicators: TotEnfAccueillisASE year from, TotBenefAE, TotBenefAED, TotBenefAEMO, TotEnfConfiesASE, TotEnfASEPlacesFamillesAccueil
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
-- lecture_value: taux_accueillis
-- Headers write « 1 000 » with a no-break space so a wrapped header never splits the number.
-- Counts next to rates: a rate alone hides the size of a département (Lozère's +105 % is +132
-- children). National references are DREES's totals; a région is the sum of its départements
-- (`region_sums`), n.d. when one of them has no value.
WITH shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS ord,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
v AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN value END) AS accueillis,
           MAX(CASE WHEN indicator = 'taux_accueillis_0_20' THEN value END) AS taux_accueillis,
           MAX(CASE WHEN indicator = 'TotBenefAE' THEN value END) AS ae,
           MAX(CASE WHEN indicator = 'taux_ae_0_20' THEN value END) AS taux_ae,
           MAX(CASE WHEN indicator = 'part_judiciaire_ae' THEN value END) AS part_judiciaire,
           MAX(CASE WHEN indicator = 'TotEnfConfiesASE' THEN value END) AS confies,
           MAX(CASE WHEN indicator = 'part_familles_accueil' THEN value END) AS part_familles
    FROM indicator_values WHERE year = $year AND territory IN (SELECT code FROM shown)
    GROUP BY territory
),
c AS (
    SELECT territory, change, change_pct FROM changes
    WHERE indicator = 'TotEnfAccueillisASE' AND from_year = $from AND to_year = $year
),
p AS (
    SELECT MAX(population_year) AS population_year, BOOL_OR(population_fallback) AS fallback
    FROM rates
    WHERE indicator = 'TotEnfAccueillisASE' AND year = $year AND band = '0-20'
      AND territory IN (SELECT code FROM shown)
)
SELECT s.code AS territory, s.name AS territoire,
       v.accueillis, v.taux_accueillis, v.ae, v.taux_ae, v.part_judiciaire, v.confies, v.part_familles,
       c.change AS evolution_accueillis, c.change_pct AS evolution_accueillis_pct,
       p.population_year,
       CASE WHEN p.fallback THEN '(la dernière publiée : celle du 1er janvier ' || CAST($year + 1 AS VARCHAR) || ' ne l''est pas encore)' ELSE '' END AS population_note
FROM shown s
CROSS JOIN p
LEFT JOIN v ON v.territory = s.code
LEFT JOIN c ON c.territory = s.code
ORDER BY s.ord, s.ref_ord, s.name
