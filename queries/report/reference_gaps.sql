-- Région sums a report cannot show: for the références $references between $from and $year, each series the figures draw where a département of the région has no value (`region_sums` status `incomplete`), with the départements missing. The figures then print n.d. for the région, never a partial sum.
SELECT r.territory, t.name AS territory_name, r.indicator, i.short_label AS indicator_label,
       r.year, r.missing
FROM region_sums r
JOIN territories t ON t.code = r.territory
JOIN indicators i ON i.id = r.indicator
WHERE r.territory IN ($references) AND r.status = 'incomplete'
  AND r.year BETWEEN $from AND $year
  AND r.indicator IN ('TotEnfAccueillisASE', 'TotEnfConfiesASE', 'TotBenefAE', 'TotBenefAED',
                      'TotBenefAEMO', 'TotEnfASEPlacesFamillesAccueil', 'TotEnfASEPlacesEtab',
                      'DepBruteASE', 'effpersassfam')
ORDER BY r.territory, r.indicator, r.year
