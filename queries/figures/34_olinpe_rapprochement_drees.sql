-- title: Parcours (OLINPE) : stock au 31 décembre et dénombrements de la DREES
-- sheet: OLINPE, rapprochement DREES
-- subtitle: AED et AEMO en mesures, accueillis en personnes, extractions OLINPE du département et enquête Aide sociale de la DREES, même année ; s : secret statistique (moins de 5)
-- chart: table
-- category: ligne
-- code: territory
-- value: olinpe, drees, gap, gap_pct
-- headers: OLINPE, DREES, Écart (OLINPE − DREES), Écart (%)
-- label_header: Famille et année
-- unit: count
-- units: count, count, count, percent
-- signed: gap, gap_pct
-- decimals: 0, 0, 0, 1
-- secret: secret
-- source: Extractions OLINPE du département (vue olinpe_reconciliation_public) ; DREES, enquête Aide sociale (TotBenefAED, TotBenefAEMO, TotEnfAccueillisASE, valeurs courantes) ; calculs depbench
-- local: true
-- section: Parcours (OLINPE)
-- params: focus
-- lecture: au 31 décembre {year}, les extractions OLINPE comptent {olinpe:nombre} {counted} ({family}) {focus_in}, pour {drees:nombre} dans les dénombrements publiés par la DREES.
SELECT departement AS territory, family || ' ' || CAST(year AS VARCHAR) AS ligne,
       olinpe, drees, gap, gap_pct, secret, CAST(year AS VARCHAR) AS year, counted, family,
       (SELECT name FROM territories WHERE code = $focus) AS territory_name
FROM olinpe_reconciliation_public
WHERE departement = $focus AND drees IS NOT NULL
ORDER BY year, CASE family WHEN 'AED' THEN 1 WHEN 'AEMO' THEN 2 ELSE 3 END
