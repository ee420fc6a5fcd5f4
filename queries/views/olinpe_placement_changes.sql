-- Changements de lieu d'accueil OLINPE par année d'extraction : renouvellements où CHGLIEU est connu (1 non, 2 oui) et ceux avec changement ; fins de mesure où NBCHGLIEU est connu et le total des changements qu'elles déclarent ; personnes qui passent d'une mesure d'accueil ou de placement à une autre (nouvelle décision d'accueil commencée dans l'année alors qu'une autre était en cours ou venait de finir, écart ≤ 30 jours).
-- Calculé à l'import (src/import/olinpe/indicators.rs, table olinpe_placement_counts) ; définition : queries/olinpe/reference/placement_changes.sql, que le test olinpe_indicators_equal_their_reference_sql compare ligne à ligne.
SELECT departement, year, renewals_known, renewals_with_change, ends_known, changes_at_end, persons_moved
FROM olinpe_placement_counts
