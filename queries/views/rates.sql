-- Effectifs au 31/12/N pour 1 000 jeunes au 1/1/N+1, pour chaque tranche de référence (`band` : 0-20 convention DREES, 0-19 exacte, 0-17 mineurs pour les seuls effectifs de mineurs) ; dernière population publiée quand celle de N+1 ne l'est pas encore (`population_fallback`).
-- materialize: true
-- One row per territory, indicator, year and band: filter on `band` (reports use '0-20').
-- A band divides only the counts of its age range: 0-20 and 0-19 the counts whose reference
-- population is 00-20 (children accueillis, confiés, actions éducatives: 0-19 is the exact Insee
-- band closest to it), 0-17 only counts of minors (reference population 00-17; DREES publishes
-- none yet, so it has no row: accueillis, who include 18-20-year-olds, are never rated on minors).
-- `population` is the band's population at `population_year` (1 January). 0-20 and 0-17 are
-- estimated from Insee's 5-year bands (`population_estimated`, `population_method`, see the
-- `populations` view); 0-19 is exact. A missing or zero population gives no row.
-- Régions are the sums of their départements (`bench_observations`, `region_sums`), not DREES's régional rows.
WITH bands AS (
    SELECT territory, year, '0-20' AS band, pop_0_20 AS population, pop_0_19,
           true AS population_estimated,
           '0-19 ans + 1/5 des 20-24 ans (tranches quinquennales Insee, âges supposés répartis également)' AS population_method
    FROM populations
    UNION ALL
    SELECT territory, year, '0-17', pop_0_17, pop_0_19, true,
           '0-14 ans + 3/5 des 15-19 ans (tranches quinquennales Insee, âges supposés répartis également)'
    FROM populations
    UNION ALL
    SELECT territory, year, '0-19', pop_0_19 AS population, pop_0_19, false,
           '0-4 + 5-9 + 10-14 + 15-19 ans (tranches quinquennales Insee, exact)'
    FROM populations
),
pop AS (
    SELECT territory, year, band, population, pop_0_19, population_estimated, population_method,
           MAX(year) OVER (PARTITION BY territory, band) AS last_year
    FROM bands WHERE population > 0
),
latest AS (
    SELECT * FROM pop WHERE year = last_year
),
joined AS (
    SELECT o.territory, o.indicator, o.year, o.value, b.band,
           COALESCE(p.year, l.year) AS population_year,
           CASE WHEN p.year IS NOT NULL THEN p.population ELSE l.population END AS population,
           CASE WHEN p.year IS NOT NULL THEN p.pop_0_19 ELSE l.pop_0_19 END AS pop_0_19,
           p.year IS NULL AS population_fallback,
           CASE WHEN p.year IS NOT NULL THEN p.population_estimated ELSE l.population_estimated END AS population_estimated,
           CASE WHEN p.year IS NOT NULL THEN p.population_method ELSE l.population_method END AS population_method
    FROM bench_observations o
    JOIN indicators i ON i.id = o.indicator AND i.unit = 'count'
    -- each band with the reference population of the counts it may divide
    JOIN (VALUES ('0-20', '00-20'), ('0-19', '00-20'), ('0-17', '00-17')) AS b(band, counts)
      ON b.counts = i.reference_population
    LEFT JOIN pop p ON p.territory = o.territory AND p.band = b.band AND p.year = o.year + 1
    LEFT JOIN latest l ON l.territory = o.territory AND l.band = b.band AND o.year + 1 > l.year
    WHERE (p.year IS NOT NULL OR l.year IS NOT NULL)
)
SELECT territory, indicator, year, value, band, population_year, population,
       1000.0 * value / population AS rate_per_1000,
       population_fallback, population_estimated, population_method, pop_0_19,
       CASE WHEN value IS NULL THEN 'no value' ELSE 'computed' END AS status
FROM joined
