-- Requête de référence : la définition de la table olinpe_exit_counts que l'import calcule en Rust (src/import/olinpe/indicators.rs), lue par la vue olinpe_exit_reasons qui y ajoute les libellés des motifs ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes.
-- Sorties OLINPE (fin d'une prise en charge continue, écart de 0 jour) par département, année d'extraction et motif (MOTFININT, MOTIFML de la mesure qui finit en dernier).
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
ex AS (
    SELECT departement, CAST(date_part('year', period_end) AS INT) AS year,
           exit_motfinint AS motfinint, exit_motifml AS motifml
    FROM olinpe_period_rows WHERE gap_days = 0 AND NOT open
)
SELECT ex.departement, ex.year, ex.motfinint, ex.motifml, COUNT(*) AS exits
FROM ex
JOIN years y ON y.departement = ex.departement AND y.year = ex.year
GROUP BY ex.departement, ex.year, ex.motfinint, ex.motifml
