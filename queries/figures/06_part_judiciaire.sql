-- title: Taux de judiciarisation des actions éducatives à domicile
-- sheet: Taux de judiciarisation
-- subtitle: AEMO / (AED + AEMO), au 31/12/$year
-- chart: bars
-- category: territoire
-- code: territory
-- value: part
-- unit: percent
-- axis: part des mesures judiciaires (%)
-- source: DREES, enquête Aide sociale ; calculs depbench (région : somme de ses départements)
-- params: focus, peers, references, year
-- indicators: TotBenefAED, TotBenefAEMO
-- lecture: en $year, {focus_value} des actions éducatives à domicile {focus_in} sont des AEMO, mesures judiciaires, contre {reference_value} {reference_in}.
SELECT t.code AS territory, t.name AS territoire, s.part_judiciaire_ae AS part
FROM shares s
JOIN territories t ON t.code = s.territory
WHERE s.year = $year AND (t.code = $focus OR t.code IN ($peers) OR t.code IN ($references))
ORDER BY CASE WHEN t.code IN ($references) THEN 1 ELSE 0 END,
         CASE WHEN t.kind = 'region' THEN 1 ELSE 0 END, s.part_judiciaire_ae DESC
