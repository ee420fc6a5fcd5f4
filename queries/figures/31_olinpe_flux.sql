-- title: Parcours (OLINPE) : entrées et sorties de la protection de l'enfance
-- sheet: OLINPE, entrées et sorties
-- subtitle: Entrées : première mesure d'une personne dans les extractions OLINPE du département (les premières années comptent aussi des mesures commencées avant le premier fichier) ; sorties : fin d'une prise en charge continue ; s : secret statistique (moins de 5 personnes)
-- chart: table
-- category: annee
-- code: territory
-- value: entries, exits
-- headers: Entrées, Sorties
-- label_header: Année
-- unit: count
-- decimals: 0
-- secret: secret
-- source: Extractions OLINPE du département, vues olinpe_flows_public et olinpe_periods (écart toléré de 0 jour) ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: en {annee}, {entries:nombre} jeunes sont entrés en protection de l'enfance {focus_in} (première mesure vue dans les extractions OLINPE) et {exits:nombre} en sont sortis (fin d'une prise en charge continue).
SELECT departement AS territory, CAST(year AS VARCHAR) AS annee, entries, exits,
       COALESCE(entries_secret, exits_secret) AS secret,
       (SELECT name FROM territories WHERE code = $focus) AS territory_name
FROM olinpe_flows_public
WHERE departement = $focus
ORDER BY annee
