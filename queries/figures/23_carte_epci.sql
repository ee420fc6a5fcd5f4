-- title: Intercommunalités (EPCI) : population au 1er janvier {edition}
-- sheet: Intercommunalités (EPCI)
-- subtitle: {territoire} ({departement}) : {n_epci} EPCI à fiscalité propre ayant des communes dans le département ; population totale de chaque EPCI, communes d'autres départements comprises{placement_note}
-- chart: areas
-- category: epci
-- series: code
-- value: population
-- unit: count
-- decimals: 0
-- axis: Population totale au 1er janvier {edition} (habitants)
-- source: DGCL, composition communale des EPCI à fiscalité propre au 1er janvier {edition} (populations légales de l'Insee en vigueur) ; IGN, Admin Express 2018 : contours des communes regroupés par EPCI par depbench, les communes fusionnées depuis 2018 suivies dans l'historique du Code officiel géographique (Insee). Le détail du recensement que donnent les états des lieux (0-6 ans par intercommunalité, familles monoparentales, naissances) n'est pas dans les données à disposition de depbench
-- params: focus
-- One row per EPCI with an outline in the focus (table geo_epci, built at import from the IGN
-- commune outlines of the départements that have them): its SIREN (`code`, the outline's key),
-- name and population (table epci, the newest edition). A focus without commune outlines has no
-- row: the report leaves the map out and says why. `placement_note` names the commune outlines
-- that could not be placed in an EPCI (table epci_placement), empty when all are.
WITH e AS (
    SELECT * FROM epci WHERE edition = (SELECT MAX(edition) FROM epci)
),
drawn AS (
    SELECT DISTINCT code FROM geo_epci WHERE departement = $focus
),
unplaced AS (
    SELECT string_agg(p.name || ' (' || p.commune_2018 || ' : ' || p.reason || ')', ', ') AS names
    FROM epci_placement p
    WHERE p.status = 'unplaced' AND substr(p.commune_2018, 1, length($focus)) = $focus
)
SELECT e.siren AS code, e.name AS epci, e.population_totale AS population, e.edition,
       $focus AS departement, (SELECT name FROM territories WHERE code = $focus) AS territoire,
       (SELECT COUNT(*) FROM drawn) AS n_epci,
       COALESCE((SELECT ' ; communes des contours IGN 2018 non placées : ' || names FROM unplaced), '') AS placement_note
FROM e JOIN drawn d ON d.code = e.siren
ORDER BY population DESC, code
