-- title: Parcours (OLINPE) : suites de mesures les plus fréquentes
-- sheet: OLINPE, suites de mesures
-- subtitle: Types de mesure d'une personne dans l'ordre de leurs débuts, sur toutes les extractions OLINPE du département (placements ASE et directs regroupés) ; les 12 parcours les plus fréquents, les autres et ceux de moins de 5 personnes regroupés en « autres parcours » (les parts somment à 100 %) ; s : secret statistique
-- chart: table
-- category: parcours
-- code: territory
-- value: persons, share_pct
-- headers: Personnes, Part (%)
-- label_header: Parcours
-- unit: count
-- units: count, percent
-- decimals: 0, 1
-- secret: secret
-- source: Extractions OLINPE du département, vue olinpe_sequences_public ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: {focus_in}, le parcours le plus fréquent des extractions OLINPE est « {parcours} » : {persons:nombre} jeunes, soit {share_pct:pourcent} des jeunes suivis.
-- The parcours past the 12th are folded into « autres parcours » with the view's own pool of
-- parcours under 5 persons; the folded row is secret when any row it holds is.
WITH v AS (
    SELECT *, ROW_NUMBER() OVER (ORDER BY CASE WHEN sequence = 'autres parcours' THEN 1 ELSE 0 END,
                                          persons DESC NULLS LAST, sequence) AS rang
    FROM olinpe_sequences_public WHERE departement = $focus
),
shown AS (
    SELECT departement, sequence, persons, share_pct, secret, 0 AS ord
    FROM v WHERE rang <= 12 AND sequence <> 'autres parcours'
),
folded AS (
    SELECT departement, 'autres parcours' AS sequence,
           CASE WHEN bool_or(secret IS NOT NULL) THEN NULL ELSE SUM(persons) END AS persons,
           CASE WHEN bool_or(secret IS NOT NULL) THEN NULL ELSE SUM(share_pct) END AS share_pct,
           CASE WHEN bool_or(secret IS NOT NULL) THEN 's' END AS secret,
           1 AS ord
    FROM v WHERE rang > 12 OR sequence = 'autres parcours'
    GROUP BY departement
)
SELECT departement AS territory, sequence AS parcours, persons, share_pct, secret,
       (SELECT name FROM territories WHERE code = $focus) AS territory_name
FROM (SELECT * FROM shown UNION ALL SELECT * FROM folded) x
ORDER BY ord, persons DESC NULLS LAST, sequence
