-- Every current value by catalogue indicator id, DREES series and derived measures alike, in one long table (territory, indicator, year, value, unit).
-- materialize: true
SELECT territory, indicator, year, value, unit FROM current
UNION ALL
SELECT territory,
       CASE indicator WHEN 'TotEnfAccueillisASE' THEN 'taux_accueillis_0_19'
                      WHEN 'TotEnfConfiesASE' THEN 'taux_confies_0_19'
                      WHEN 'TotBenefAE' THEN 'taux_ae_0_19' END AS indicator,
       year, rate_per_1000 AS value, 'per_thousand' AS unit
FROM rates WHERE indicator IN ('TotEnfAccueillisASE', 'TotEnfConfiesASE', 'TotBenefAE')
UNION ALL
SELECT territory, 'part_judiciaire_ae', year, part_judiciaire_ae, 'percent' FROM shares
UNION ALL
SELECT territory, 'part_familles_accueil', year, part_familles_accueil, 'percent' FROM shares
UNION ALL
SELECT territory, 'part_etablissements', year, part_etablissements, 'percent' FROM shares
UNION ALL
SELECT territory, 'depense_par_jeune', year, depense_par_jeune, 'euro' FROM spending_ratios
UNION ALL
SELECT territory, 'pop_0_19', year, pop_0_19, 'count' FROM populations
UNION ALL
SELECT territory, 'pop_total', year, pop_total, 'count' FROM populations
