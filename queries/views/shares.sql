-- Shares per territory and year: judicial share of home-based educational measures (AEMO / (AED + AEMO)) and placement modes among children entrusted.
-- materialize: true
WITH w AS (
    SELECT territory, year,
           MAX(CASE WHEN indicator = 'TotBenefAED' THEN value END) AS aed,
           MAX(CASE WHEN indicator = 'TotBenefAEMO' THEN value END) AS aemo,
           MAX(CASE WHEN indicator = 'TotEnfConfiesASE' THEN value END) AS confies,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesFamillesAccueil' THEN value END) AS familles_accueil,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesEtab' THEN value END) AS etablissements
    FROM observations
    WHERE is_current
    GROUP BY territory, year
)
SELECT territory, year, aed, aemo, confies, familles_accueil, etablissements,
       100.0 * aemo / (aed + aemo) AS part_judiciaire_ae,
       100.0 * familles_accueil / confies AS part_familles_accueil,
       100.0 * etablissements / confies AS part_etablissements,
       100.0 * (confies - familles_accueil - etablissements) / confies AS part_autres_modes
FROM w
