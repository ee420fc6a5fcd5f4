-- Chaque valeur courante par identifiant d'indicateur du catalogue, séries DREES et mesures calculées ensemble, en une table longue (territoire, indicateur, année, valeur, unité).
-- materialize: true
-- Rates exist for the DREES reference population 0-20 (`taux_*_0_20`, estimated band) and the
-- exact 0-19 (`taux_*_0_19`); see the `rates` view for the band, population date and fallback.
-- Derived measures without a base are NULL (never ±inf or NaN).
-- Régions are the sums of their départements (`bench_observations`, `region_sums`), not DREES's régional rows.
-- Context indicators (RSA, AAH, ASS rates, age structure, density) come from `context_indicators`, départements only.
SELECT o.territory, o.indicator, o.year, o.value, i.unit
FROM bench_observations o JOIN indicators i ON i.id = o.indicator
UNION ALL
SELECT territory,
       CASE indicator WHEN 'TotEnfAccueillisASE' THEN 'taux_accueillis_'
                      WHEN 'TotEnfConfiesASE' THEN 'taux_confies_'
                      WHEN 'TotBenefAE' THEN 'taux_ae_' END
       || CASE band WHEN '0-20' THEN '0_20' ELSE '0_19' END AS indicator,
       year, rate_per_1000 AS value, 'per_thousand' AS unit
FROM rates WHERE indicator IN ('TotEnfAccueillisASE', 'TotEnfConfiesASE', 'TotBenefAE')
  AND band IN ('0-20', '0-19')
UNION ALL
SELECT territory, 'part_judiciaire_ae', year, part_judiciaire_ae, 'percent' FROM shares
UNION ALL
SELECT territory, 'part_familles_accueil', year, part_familles_accueil, 'percent' FROM shares
UNION ALL
SELECT territory, 'part_etablissements', year, part_etablissements, 'percent' FROM shares
UNION ALL
SELECT territory, 'depense_par_jeune', year, depense_par_jeune, 'euro' FROM spending_ratios
UNION ALL
SELECT territory, 'depense_par_jeune_0_20', year, depense_par_jeune_0_20, 'euro' FROM spending_ratios
UNION ALL
SELECT territory, 'pop_0_19', year, pop_0_19, 'count' FROM populations
UNION ALL
SELECT territory, 'pop_0_20', year, pop_0_20, 'count' FROM populations
UNION ALL
SELECT territory, 'pop_0_17', year, pop_0_17, 'count' FROM populations
UNION ALL
SELECT territory, 'pop_total', year, pop_total, 'count' FROM populations
UNION ALL
SELECT territory, indicator, year, value, unit FROM context_indicators
