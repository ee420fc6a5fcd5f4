-- Requête de référence : la définition de la vue olinpe_sequences, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_sequence_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Parcours OLINPE : suite des types de mesure d'une personne dans l'ordre de leurs débuts (placements ASE et directs regroupés en `placement`, répétitions successives fusionnées : AED → AEMO → placement), nombre de personnes et part (%) des personnes du département ; le parcours de chaque personne est calculé à l'import (olinpe_sequence_rows).
WITH g AS (
    SELECT departement, sequence, COUNT(*) AS persons FROM olinpe_sequence_rows GROUP BY departement, sequence
)
SELECT departement, sequence, persons,
       100.0 * persons / SUM(persons) OVER (PARTITION BY departement) AS share_pct
FROM g
