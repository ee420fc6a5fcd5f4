-- title: Évolution des enfants confiés et des AEMO, taux de judiciarisation
-- sheet: Évolutions confiés et AEMO
-- subtitle: Évolution entre le 31/12/$from et le 31/12/$to, en nombre et en % ; part judiciaire des actions éducatives en $to
-- chart: table
-- category: territoire
-- code: territory
-- value: evolution_confies, evolution_confies_pct, evolution_aemo, evolution_aemo_pct, part_judiciaire_ae_pct
-- headers: Évolution des enfants confiés $from-$to (nombre), Évolution des enfants confiés $from-$to (%), Évolution des AEMO $from-$to (nombre), Évolution des AEMO $from-$to (%), Taux de judiciarisation des actions éducatives $to (%)
-- unit: percent
-- units: count, percent, count, percent, percent
-- signed: evolution_confies, evolution_confies_pct, evolution_aemo, evolution_aemo_pct
-- source: DREES, enquête Aide sociale (séries longues prolongées à 2022) ; calculs depbench (région : somme de ses départements)
-- params: focus, peers, references, from, to
-- indicators: TotEnfConfiesASE from to, TotBenefAEMO from to, TotBenefAED to
-- lecture: entre $from et $to, le nombre d'enfants confiés à l'ASE évolue de {focus_value} {focus_in}, contre {reference_value} {reference_in}.
-- lecture_value: evolution_confies_pct
-- Reproduces the comparison table of the Charente-Maritime état des lieux (seed 001, lines 296-301 and 372-377)
-- from DREES data alone, for any focus and peers; each change also in number (a % of a small
-- count misleads).
WITH territories_shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS role_order,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_order
    FROM territories
    WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
confies AS (
    SELECT territory, change, change_pct FROM changes
    WHERE indicator = 'TotEnfConfiesASE' AND from_year = $from AND to_year = $to
),
aemo AS (
    SELECT territory, change, change_pct FROM changes
    WHERE indicator = 'TotBenefAEMO' AND from_year = $from AND to_year = $to
),
judiciaire AS (
    SELECT territory, part_judiciaire_ae FROM shares WHERE year = $to
)
SELECT t.code AS territory, t.name AS territoire,
       c.change AS evolution_confies,
       c.change_pct AS evolution_confies_pct,
       a.change AS evolution_aemo,
       a.change_pct AS evolution_aemo_pct,
       j.part_judiciaire_ae AS part_judiciaire_ae_pct
FROM territories_shown t
LEFT JOIN confies c ON c.territory = t.code
LEFT JOIN aemo a ON a.territory = t.code
LEFT JOIN judiciaire j ON j.territory = t.code
ORDER BY t.role_order, t.ref_order, t.name
