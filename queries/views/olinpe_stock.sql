-- Stock OLINPE au 31 décembre de chaque année d'extraction : mesures en cours (DATDEB ≤ 31/12, fin absente ou après le 31/12) et personnes distinctes, par type de mesure, et `total` (une personne peut tenir plusieurs mesures). Données brutes, non soumises au secret statistique.
-- Calculé à l'import (src/import/olinpe/indicators.rs, table olinpe_stock_counts) ; définition : queries/olinpe/reference/stock.sql, que le test olinpe_indicators_equal_their_reference_sql compare ligne à ligne.
SELECT departement, year, measure_type, measures, persons FROM olinpe_stock_counts
