-- title: Parcours (OLINPE) : jeunes suivis au 31 décembre, par type de mesure
-- sheet: OLINPE, jeunes suivis
-- subtitle: Personnes distinctes ayant une mesure en cours au 31/12 dans les extractions OLINPE du département (une personne peut tenir deux mesures) ; s : secret statistique (moins de 5 personnes, ou secret secondaire)
-- chart: table
-- category: annee
-- code: territory
-- value: aed, aemo, accueil_administratif, placement_ase, placement_direct, jeune_majeur, autre, total
-- headers: AED, AEMO, Accueil administratif, Placement ASE, Placement direct, Jeune majeur, Autre, Ensemble
-- label_header: Année
-- unit: count
-- decimals: 0
-- secret: secret
-- source: Extractions OLINPE du département (données individuelles pseudonymisées, CASF D226-3-x), vue olinpe_stock_public ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- section_note: Ces figures lisent les extractions OLINPE du département (données individuelles pseudonymisées, un événement par début, renouvellement ou fin de mesure) : elles ne concernent que le département étudié, sans comparaison. s : secret statistique (moins de 5 personnes, ou secret secondaire pour qu'un total ne révèle pas une cellule secrète).
-- params: focus
-- lecture: au 31 décembre {annee}, {aed:nombre} jeunes étaient suivis en AED {focus_in} selon les extractions OLINPE, et {total:nombre} toutes mesures confondues (première année du tableau).
WITH s AS (SELECT * FROM olinpe_stock_public WHERE departement = $focus),
cell AS (
    SELECT departement, year, measure_type, persons, secret FROM s
)
SELECT departement AS territory, CAST(year AS VARCHAR) AS annee,
       CASE WHEN MAX(CASE WHEN measure_type = 'aed' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'aed' THEN persons END) END AS aed,
       CASE WHEN MAX(CASE WHEN measure_type = 'aemo' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'aemo' THEN persons END) END AS aemo,
       CASE WHEN MAX(CASE WHEN measure_type = 'accueil_administratif' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'accueil_administratif' THEN persons END) END AS accueil_administratif,
       CASE WHEN MAX(CASE WHEN measure_type = 'placement_ase' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'placement_ase' THEN persons END) END AS placement_ase,
       CASE WHEN MAX(CASE WHEN measure_type = 'placement_direct' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'placement_direct' THEN persons END) END AS placement_direct,
       CASE WHEN MAX(CASE WHEN measure_type = 'jeune_majeur' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'jeune_majeur' THEN persons END) END AS jeune_majeur,
       CASE WHEN MAX(CASE WHEN measure_type = 'autre' THEN 1 END) IS NULL THEN 0 ELSE MAX(CASE WHEN measure_type = 'autre' THEN persons END) END AS autre,
       MAX(CASE WHEN measure_type = 'total' THEN persons END) AS total,
       MAX(secret) AS secret,
       (SELECT name FROM territories WHERE code = $focus) AS territory_name
FROM cell
GROUP BY departement, year
ORDER BY annee
