-- Indicators of the `indicator_values` view with a French label and unit, for the indicator page.
-- DREES series take their label from `indicators`; derived measures are labelled here.
WITH derived(id, label) AS (
    VALUES ('taux_accueillis_0_19', 'Enfants accueillis à l''ASE pour 1 000 jeunes de 0 à 19 ans'),
           ('taux_confies_0_19', 'Enfants confiés à l''ASE pour 1 000 jeunes de 0 à 19 ans'),
           ('taux_ae_0_19', 'Actions éducatives (AED + AEMO) pour 1 000 jeunes de 0 à 19 ans'),
           ('part_judiciaire_ae', 'Part judiciaire des actions éducatives (AEMO / (AED + AEMO))'),
           ('part_familles_accueil', 'Part des enfants confiés placés en famille d''accueil'),
           ('part_etablissements', 'Part des enfants confiés placés en établissement'),
           ('depense_par_jeune', 'Dépense brute d''ASE par jeune de 0 à 19 ans'),
           ('pop_0_19', 'Population de 0 à 19 ans au 1er janvier'),
           ('pop_total', 'Population totale au 1er janvier')
),
v AS (
    SELECT indicator, MIN(unit) AS unit, MIN(year) AS first_year, MAX(year) AS last_year
    FROM indicator_values WHERE value IS NOT NULL
    GROUP BY indicator
)
SELECT id, label, unit, first_year, last_year
FROM (
    SELECT v.indicator AS id, COALESCE(d.label, i.label, v.indicator) AS label, v.unit,
           v.first_year, v.last_year, d.label IS NULL AS drees_series
    FROM v
    LEFT JOIN derived d ON d.id = v.indicator
    LEFT JOIN indicators i ON i.id = v.indicator
)
ORDER BY drees_series, label
