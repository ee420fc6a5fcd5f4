-- Mesures OLINPE : une par personne, décision, nature et date de début (début, renouvellements, fin d'une même décision), calculées à l'import (olinpe_measure_rows) et typées par la table olinpe_measure_types ; une mesure sans fin est censurée au 31/12 de la dernière année d'extraction du département.
-- end_date : fin pour le stock (DATFIN de l'événement de fin ; fin sans DATFIN lisible : 31/12 de l'année de son extraction) ; NULL : mesure en cours. duration_days : DATFIN − DATDEB (mesure finie, DATFIN connue) ou censor_date − DATDEB (en cours) ; NULL : fin sans date.
SELECT departement, person, decision, nature, typinterdom, measure_type, drees_family,
       datdeb, datfin, end_date, ended, NOT ended AS censored, censor_date, starts, renewals,
       motfinint, motifml, datdecpe, datip, notifeval, fineval,
       CASE WHEN ended AND datfin IS NOT NULL THEN CAST(datfin AS INT) - CAST(datdeb AS INT)
            WHEN NOT ended THEN CAST(censor_date AS INT) - CAST(datdeb AS INT) END AS duration_days
FROM olinpe_measure_rows
