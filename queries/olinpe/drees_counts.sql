-- Dénombrements DREES au 31/12 de chaque département (AED, AEMO, enfants accueillis), cibles du stock des extractions OLINPE synthétiques (`depbench olinpe synth`).
SELECT territory AS departement, year,
       MAX(CASE WHEN indicator = 'TotBenefAED' THEN value END) AS aed,
       MAX(CASE WHEN indicator = 'TotBenefAEMO' THEN value END) AS aemo,
       MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN value END) AS accueillis
FROM current
WHERE territory_kind = 'departement'
  AND indicator IN ('TotBenefAED', 'TotBenefAEMO', 'TotEnfAccueillisASE')
GROUP BY territory, year
HAVING MAX(CASE WHEN indicator = 'TotBenefAED' THEN value END) IS NOT NULL
   AND MAX(CASE WHEN indicator = 'TotBenefAEMO' THEN value END) IS NOT NULL
   AND MAX(CASE WHEN indicator = 'TotEnfAccueillisASE' THEN value END) IS NOT NULL
ORDER BY departement, year
