-- title: Modes d'accueil des enfants confiés à l'ASE
-- sheet: Modes d'accueil des confiés
-- subtitle: Répartition au 31/12/$year
-- chart: composition
-- category: territoire
-- code: territory
-- value: familles, etablissements, autres
-- headers: Famille d'accueil, Établissement, Autres modes
-- unit: percent
-- source: DREES, enquête Aide sociale ; calculs depbench (autres modes = confiés − familles d'accueil − établissements ; région : somme de ses départements)
-- params: focus, peers, references, year
-- indicators: TotEnfConfiesASE, TotEnfASEPlacesFamillesAccueil, TotEnfASEPlacesEtab
-- lecture: au 31/12/$year, {focus_value} des enfants confiés à l'ASE {focus_in} sont accueillis en famille d'accueil, contre {reference_value} {reference_in}.
SELECT t.code AS territory, t.name AS territoire,
       s.part_familles_accueil AS familles, s.part_etablissements AS etablissements,
       s.part_autres_modes AS autres
FROM shares s
JOIN territories t ON t.code = s.territory
WHERE s.year = $year AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
ORDER BY CASE WHEN t.code = $focus THEN 0 WHEN t.code IN ($references) THEN 2 ELSE 1 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, t.name
