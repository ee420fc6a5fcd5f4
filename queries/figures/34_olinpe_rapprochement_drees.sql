-- title: Parcours (OLINPE) : stock au 31 décembre et dénombrements de la DREES
-- subtitle: AED et AEMO en mesures, accueillis en personnes, extractions OLINPE du département et enquête Aide sociale de la DREES, même année ; s : secret statistique (moins de 5)
-- chart: table
-- category: ligne
-- code: territory
-- value: olinpe, drees, gap, gap_pct
-- headers: OLINPE, DREES, Écart (OLINPE − DREES), Écart (%)
-- unit: count
-- units: count, count, count, percent
-- signed: gap, gap_pct
-- decimals: 0, 0, 0, 1
-- secret: secret
-- source: Extractions OLINPE du département (vue olinpe_reconciliation_public) ; DREES, enquête Aide sociale (TotBenefAED, TotBenefAEMO, TotEnfAccueillisASE, valeurs courantes) ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: {focus} : écart de {focus_value} entre OLINPE et la DREES sur la première ligne.
-- lecture_value: gap_pct
SELECT departement AS territory, family || ' ' || CAST(year AS VARCHAR) AS ligne,
       olinpe, drees, gap, gap_pct, secret
FROM olinpe_reconciliation_public
WHERE departement = $focus AND drees IS NOT NULL
ORDER BY year, CASE family WHEN 'AED' THEN 1 WHEN 'AEMO' THEN 2 ELSE 3 END
