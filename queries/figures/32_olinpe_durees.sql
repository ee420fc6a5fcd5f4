-- title: Parcours (OLINPE) : durée des mesures par type
-- sheet: OLINPE, durée des mesures
-- subtitle: Jours du début à la fin de la mesure, médiane et quartiles de Kaplan-Meier (les mesures en cours comptent jusqu'à la fin des données) ; n.d. : pas assez de mesures finies pour l'estimer ; s : secret statistique (moins de 5 mesures, ou moins de 5 mesures en cours)
-- chart: table
-- category: type
-- code: territory
-- value: n, censored, q1_days, median_days, q3_days
-- headers: Mesures, dont en cours, 1er quartile (jours), Médiane (jours), 3e quartile (jours)
-- label_header: Type de mesure
-- unit: count
-- decimals: 0
-- secret: secret
-- source: Extractions OLINPE du département, vue olinpe_durations_public ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: {focus_in}, la moitié des mesures « {type} » ont pris fin en {median_days:nombre} jours au plus (estimation de Kaplan-Meier sur {n:nombre} mesures des extractions OLINPE, dont {censored:nombre} en cours).
SELECT departement AS territory,
       CASE measure_type WHEN 'aed' THEN 'AED' WHEN 'aemo' THEN 'AEMO'
            WHEN 'accueil_administratif' THEN 'Accueil administratif' WHEN 'placement_ase' THEN 'Placement ASE'
            WHEN 'placement_direct' THEN 'Placement direct' WHEN 'jeune_majeur' THEN 'Jeune majeur' ELSE 'Autre' END AS type,
       n, censored, q1_days, median_days, q3_days, secret,
       (SELECT name FROM territories WHERE code = $focus) AS territory_name
FROM olinpe_durations_public
WHERE departement = $focus
ORDER BY CASE measure_type WHEN 'aed' THEN 1 WHEN 'aemo' THEN 2 WHEN 'accueil_administratif' THEN 3
              WHEN 'placement_ase' THEN 4 WHEN 'placement_direct' THEN 5 WHEN 'jeune_majeur' THEN 6 ELSE 7 END
