-- title: Niveaux $from et $year des indicateurs du tableau de bord
-- sheet: Tableau de bord, deux années
-- subtitle: Effectifs au 31/12/$from et au 31/12/$year, évolution en % ; actions éducatives : AED + AEMO ; taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier suivant {population_note}
-- chart: table
-- category: territoire
-- code: territory
-- value: accueillis_from, accueillis_year, evolution_accueillis_pct, taux_accueillis_from, taux_accueillis_year, ae_from, ae_year, evolution_ae_pct, taux_ae_from, taux_ae_year
-- headers: Enfants accueillis $from, Enfants accueillis $year, Évolution des accueillis $from-$year (%), Taux des accueillis $from (‰), Taux des accueillis $year (‰), Actions éducatives $from, Actions éducatives $year, Évolution des actions éducatives $from-$year (%), Taux des actions éducatives $from (‰), Taux des actions éducatives $year (‰)
-- unit: count
-- units: count, count, percent, per_thousand, per_thousand, count, count, percent, per_thousand, per_thousand
-- signed: evolution_accueillis_pct, evolution_ae_pct
-- source: DREES, enquête Aide sociale (séries prolongées à 2022) ; Insee, estimations de population au 1er janvier ; calculs depbench (taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier suivant, convention DREES ; 0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans ; région : somme de ses départements, taux = somme des effectifs / somme des populations)
-- params: focus, peers, references, from, year
-- indicators: TotEnfAccueillisASE from year, TotBenefAE from year
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in}.
-- lecture_value: taux_accueillis_year
-- The levels of the two years an annual report compares (--from, default --year − 4, and
-- --year) side by side, counts next to rates, with the change of each count. Values of
-- `indicator_values` (DREES series, régions summed from their départements, rates of `rates`).
-- Rates in headers are « Taux » (the subtitle says per 1 000 of what): short headers keep the
-- table's header row low.
WITH shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS ord,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
v AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' AND year = $from THEN value END) AS accueillis_from,
           MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' AND year = $year THEN value END) AS accueillis_year,
           MAX(CASE WHEN indicator = 'taux_accueillis_0_20' AND year = $from THEN value END) AS taux_accueillis_from,
           MAX(CASE WHEN indicator = 'taux_accueillis_0_20' AND year = $year THEN value END) AS taux_accueillis_year,
           MAX(CASE WHEN indicator = 'TotBenefAE' AND year = $from THEN value END) AS ae_from,
           MAX(CASE WHEN indicator = 'TotBenefAE' AND year = $year THEN value END) AS ae_year,
           MAX(CASE WHEN indicator = 'taux_ae_0_20' AND year = $from THEN value END) AS taux_ae_from,
           MAX(CASE WHEN indicator = 'taux_ae_0_20' AND year = $year THEN value END) AS taux_ae_year
    FROM indicator_values
    WHERE year IN ($from, $year) AND territory IN (SELECT code FROM shown)
    GROUP BY territory
),
c AS (
    SELECT territory, indicator, change_pct FROM changes
    WHERE indicator IN ('TotEnfAccueillisASE', 'TotBenefAE') AND from_year = $from AND to_year = $year
),
p AS (
    SELECT BOOL_OR(population_fallback) AS fallback, MAX(population_year) AS population_year
    FROM rates
    WHERE indicator = 'TotEnfAccueillisASE' AND year = $year AND band = '0-20'
      AND territory IN (SELECT code FROM shown)
)
SELECT s.code AS territory, s.name AS territoire,
       v.accueillis_from, v.accueillis_year, ca.change_pct AS evolution_accueillis_pct,
       v.taux_accueillis_from, v.taux_accueillis_year,
       v.ae_from, v.ae_year, ce.change_pct AS evolution_ae_pct,
       v.taux_ae_from, v.taux_ae_year,
       CASE WHEN p.fallback THEN '(pour ' || CAST($year AS VARCHAR) || ' : au 1er janvier ' || CAST(p.population_year AS VARCHAR) || ', la dernière publiée)' ELSE '' END AS population_note
FROM shown s
CROSS JOIN p
LEFT JOIN v ON v.territory = s.code
LEFT JOIN c ca ON ca.territory = s.code AND ca.indicator = 'TotEnfAccueillisASE'
LEFT JOIN c ce ON ce.territory = s.code AND ce.indicator = 'TotBenefAE'
ORDER BY s.ord, s.ref_ord, s.name
