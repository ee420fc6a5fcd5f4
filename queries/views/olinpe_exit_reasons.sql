-- Motifs des sorties OLINPE (fin d'une prise en charge continue, écart de 0 jour) par année : MOTFININT et MOTIFML de la mesure qui finit en dernier, avec leurs libellés (spécification §5.9).
-- Calculé à l'import (src/import/olinpe/indicators.rs, table olinpe_exit_counts) ; définition : queries/olinpe/reference/exit_reasons.sql (sans les libellés), que le test olinpe_indicators_equal_their_reference_sql compare ligne à ligne.
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
       ex.exits
FROM olinpe_exit_counts ex
