-- Requête de référence : la définition de la vue olinpe_placement_changes, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_placement_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Changements de lieu d'accueil OLINPE par année d'extraction : renouvellements où CHGLIEU est connu (1 non, 2 oui) et ceux avec changement ; fins de mesure où NBCHGLIEU est connu et le total des changements qu'elles déclarent ; personnes qui passent d'une mesure d'accueil ou de placement à une autre (nouvelle décision d'accueil commencée dans l'année alors qu'une autre était en cours ou venait de finir, écart ≤ 30 jours).
WITH ev AS (
    SELECT departement, year,
           SUM(CASE WHEN typev = 2 AND chglieu IN (1, 2) THEN 1 ELSE 0 END) AS renewals_known,
           SUM(CASE WHEN typev = 2 AND chglieu = 2 THEN 1 ELSE 0 END) AS renewals_with_change,
           SUM(CASE WHEN typev = 3 AND nbchglieu IS NOT NULL THEN 1 ELSE 0 END) AS ends_known,
           SUM(CASE WHEN typev = 3 THEN COALESCE(nbchglieu, 0) ELSE 0 END) AS changes_at_end
    FROM olinpe_events GROUP BY departement, year
),
acc AS (
    SELECT departement, person, datdeb, COALESCE(end_date, censor_date) AS fin,
           MAX(COALESCE(end_date, censor_date)) OVER (PARTITION BY departement, person ORDER BY datdeb
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_fin
    FROM olinpe_measures WHERE drees_family = 'accueil'
),
moves AS (
    SELECT departement, CAST(date_part('year', datdeb) AS INT) AS year, COUNT(DISTINCT person) AS persons_moved
    FROM acc WHERE prev_fin IS NOT NULL AND CAST(datdeb AS INT) - CAST(prev_fin AS INT) - 1 <= 30
    GROUP BY departement, CAST(date_part('year', datdeb) AS INT)
)
SELECT ev.departement, ev.year, ev.renewals_known, ev.renewals_with_change, ev.ends_known,
       ev.changes_at_end, COALESCE(moves.persons_moved, 0) AS persons_moved
FROM ev LEFT JOIN moves ON moves.departement = ev.departement AND moves.year = ev.year
