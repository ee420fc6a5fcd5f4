-- Requête de référence : la définition de la vue olinpe_exit_reasons, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_exit_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Motifs des sorties OLINPE (fin d'une prise en charge continue, écart de 0 jour) par année : MOTFININT et MOTIFML de la mesure qui finit en dernier, avec leurs libellés (spécification §5.9).
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
ex AS (
    SELECT departement, CAST(date_part('year', period_end) AS INT) AS year,
           exit_motfinint AS motfinint, exit_motifml AS motifml
    FROM olinpe_period_rows WHERE gap_days = 0 AND NOT open
)
SELECT ex.departement, ex.year, ex.motfinint,
       CASE ex.motfinint WHEN 1 THEN 'arrivée à échéance' WHEN 2 THEN 'mainlevée'
            WHEN 3 THEN 'transfert vers un autre département' WHEN 9 THEN 'ne sait pas'
            ELSE COALESCE('code ' || CAST(ex.motfinint AS VARCHAR), 'non renseigné') END AS motif,
       ex.motifml,
       CASE ex.motifml WHEN 10 THEN 'absence de danger' WHEN 11 THEN 'impossibilité d''exercer la mesure'
            WHEN 12 THEN 'déménagement annoncé' WHEN 13 THEN 'déménagement sans adresse'
            WHEN 14 THEN 'adoption' WHEN 15 THEN 'majorité' WHEN 16 THEN 'émancipation'
            WHEN 17 THEN 'mesure jeune majeur' WHEN 18 THEN 'décès' WHEN 19 THEN 'autre'
            WHEN 99 THEN 'ne sait pas'
            ELSE COALESCE('code ' || CAST(ex.motifml AS VARCHAR), 'non renseigné') END AS motif_mainlevee,
       COUNT(*) AS exits
FROM ex
JOIN years y ON y.departement = ex.departement AND y.year = ex.year
GROUP BY ex.departement, ex.year, ex.motfinint, ex.motifml
