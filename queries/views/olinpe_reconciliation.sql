-- Rapprochement du stock OLINPE au 31/12 avec les dénombrements DREES publiés du même département et de la même année : AED et AEMO (mesures en cours, comparées aux bénéficiaires DREES TotBenefAED, TotBenefAEMO) et accueillis (personnes distinctes avec une mesure d'accueil, famille `accueil` de olinpe_measure_types, comparées à TotEnfAccueillisASE). gap = OLINPE − DREES ; gap_pct = écart en % de DREES, NULL avec la raison dans `note`.
-- Calculé à l'import (src/import/olinpe/indicators.rs, table olinpe_family_counts) ; définition : queries/olinpe/reference/family_stock.sql, que le test olinpe_indicators_equal_their_reference_sql compare ligne à ligne.
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
s AS (
    SELECT departement, year, family, measures, persons FROM olinpe_family_counts
),
fam AS (
    SELECT * FROM (VALUES ('aed', 'AED', 'TotBenefAED', 1), ('aemo', 'AEMO', 'TotBenefAEMO', 1),
                          ('accueil', 'accueillis', 'TotEnfAccueillisASE', 2))
        AS f(family, label, indicator, compared)
),
grid AS (
    SELECT y.departement, y.year, fam.* FROM years y CROSS JOIN fam
),
o AS (
    SELECT g.departement, g.year, g.family, g.label, g.indicator,
           CASE WHEN g.compared = 1 THEN COALESCE(s.measures, 0) ELSE COALESCE(s.persons, 0) END AS olinpe,
           CASE WHEN g.compared = 1 THEN 'mesures' ELSE 'personnes' END AS counted
    FROM grid g
    LEFT JOIN s ON s.departement = g.departement AND s.year = g.year AND s.family = g.family
)
SELECT o.departement, o.year, o.label AS family, o.counted, o.olinpe, c.value AS drees, o.indicator,
       CASE WHEN c.value IS NOT NULL THEN o.olinpe - c.value END AS gap,
       CASE WHEN c.value IS NOT NULL AND c.value > 0 THEN 100.0 * (o.olinpe - c.value) / c.value END AS gap_pct,
       CASE WHEN c.value IS NULL THEN 'pas de valeur DREES pour ce département et cette année'
            WHEN c.value = 0 THEN 'valeur DREES nulle : pas d''écart relatif' END AS note
FROM o
LEFT JOIN current c ON c.territory = o.departement AND c.year = o.year AND c.indicator = o.indicator
