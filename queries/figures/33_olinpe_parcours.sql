-- title: Parcours (OLINPE) : suites de mesures les plus fréquentes
-- subtitle: Types de mesure d'une personne dans l'ordre de leurs débuts, sur toutes les extractions OLINPE du département (placements ASE et directs regroupés) ; parcours de moins de 5 personnes regroupés ; s : secret statistique
-- chart: table
-- category: parcours
-- code: territory
-- value: persons, share_pct
-- headers: Personnes, Part (%)
-- unit: count
-- units: count, percent
-- decimals: 0, 1
-- secret: secret
-- source: Extractions OLINPE du département, vue olinpe_sequences_public ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: {focus} : {focus_value} des jeunes suivis ont le parcours le plus fréquent.
-- lecture_value: share_pct
SELECT departement AS territory, sequence AS parcours, persons, share_pct, secret
FROM (
    SELECT *, ROW_NUMBER() OVER (ORDER BY CASE WHEN sequence = 'autres parcours' THEN 1 ELSE 0 END, persons DESC, sequence) AS rang
    FROM olinpe_sequences_public WHERE departement = $focus
) x
WHERE rang <= 12 OR sequence = 'autres parcours'
ORDER BY CASE WHEN sequence = 'autres parcours' THEN 1 ELSE 0 END, persons DESC, sequence
