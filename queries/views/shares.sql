-- Parts par territoire et année : part judiciaire des mesures éducatives à domicile (AEMO / (AED + AEMO)) et modes de placement des enfants confiés ; une part sans base est NULL avec la raison dans `status_judiciaire` / `status_modes`.
-- materialize: true
-- status: `computed`; `no value` (a part or the base is missing); `base is zero` (the
-- denominator is 0). A share is never ±inf or NaN.
-- Régions are the sums of their départements (`bench_observations`, `region_sums`), not DREES's régional rows.
WITH w AS (
    SELECT territory, year,
           MAX(CASE WHEN indicator = 'TotBenefAED' THEN value END) AS aed,
           MAX(CASE WHEN indicator = 'TotBenefAEMO' THEN value END) AS aemo,
           MAX(CASE WHEN indicator = 'TotEnfConfiesASE' THEN value END) AS confies,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesFamillesAccueil' THEN value END) AS familles_accueil,
           MAX(CASE WHEN indicator = 'TotEnfASEPlacesEtab' THEN value END) AS etablissements
    FROM bench_observations
    GROUP BY territory, year
)
SELECT territory, year, aed, aemo, confies, familles_accueil, etablissements,
       CASE WHEN aed + aemo <> 0 THEN 100.0 * aemo / (aed + aemo) END AS part_judiciaire_ae,
       CASE WHEN confies <> 0 THEN 100.0 * familles_accueil / confies END AS part_familles_accueil,
       CASE WHEN confies <> 0 THEN 100.0 * etablissements / confies END AS part_etablissements,
       CASE WHEN confies <> 0 THEN 100.0 * (confies - familles_accueil - etablissements) / confies END AS part_autres_modes,
       CASE WHEN aed IS NULL OR aemo IS NULL THEN 'no value'
            WHEN aed + aemo = 0 THEN 'base is zero' ELSE 'computed' END AS status_judiciaire,
       CASE WHEN confies IS NULL OR familles_accueil IS NULL OR etablissements IS NULL THEN 'no value'
            WHEN confies = 0 THEN 'base is zero' ELSE 'computed' END AS status_modes
FROM w
