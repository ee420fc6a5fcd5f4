-- Parcours OLINPE : suite des types de mesure d'une personne dans l'ordre de leurs débuts (placements ASE et directs regroupés en `placement`, répétitions successives fusionnées : AED → AEMO → placement), nombre de personnes et part (%) des personnes du département ; le parcours de chaque personne est calculé à l'import (olinpe_sequence_rows).
-- Calculé à l'import (src/import/olinpe/indicators.rs, table olinpe_sequence_counts) ; définition : queries/olinpe/reference/sequences.sql, que le test olinpe_indicators_equal_their_reference_sql compare ligne à ligne.
SELECT departement, sequence, persons,
       100.0 * persons / SUM(persons) OVER (PARTITION BY departement) AS share_pct
FROM olinpe_sequence_counts
