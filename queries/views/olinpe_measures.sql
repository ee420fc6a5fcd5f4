-- Mesures OLINPE : une par personne, décision, nature et date de début (début, renouvellements, fin d'une même décision), calculées à l'import (olinpe_measure_rows) et typées ici par olinpe_measure_types ; une mesure sans fin est censurée au 31/12 de la dernière année d'extraction du département.
-- end_date : fin pour le stock (DATFIN de l'événement de fin ; fin sans DATFIN lisible : 31/12 de l'année de son extraction) ; NULL : mesure en cours. duration_days : DATFIN − DATDEB (mesure finie, DATFIN connue) ou censor_date − DATDEB (en cours) ; NULL : fin sans date.
SELECT m.departement, m.person, m.decision, m.nature, m.typinterdom,
       COALESCE(t.measure_type, 'autre') AS measure_type, t.drees_family,
       m.datdeb, m.datfin, m.end_date, m.ended, NOT m.ended AS censored, m.censor_date, m.starts, m.renewals,
       m.motfinint, m.motifml, m.datdecpe, m.datip, m.notifeval, m.fineval,
       CASE WHEN m.ended AND m.datfin IS NOT NULL THEN CAST(m.datfin AS INT) - CAST(m.datdeb AS INT)
            WHEN NOT m.ended THEN CAST(m.censor_date AS INT) - CAST(m.datdeb AS INT) END AS duration_days
FROM olinpe_measure_rows m
LEFT JOIN olinpe_measure_types t
  ON t.decision = m.decision AND t.nature = m.nature
 AND (t.typinterdom IS NULL OR t.typinterdom = m.typinterdom)
