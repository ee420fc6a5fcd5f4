-- Mesures OLINPE : une par personne, décision, nature et date de début (début, renouvellements, fin d'une même décision), typée par olinpe_measure_types ; une mesure sans fin est censurée au 31/12 de la dernière année d'extraction du département.
-- end_date : fin pour le stock (DATFIN de l'événement de fin ; fin sans DATFIN lisible : 31/12 de l'année de son extraction) ; NULL : mesure en cours. duration_days : DATFIN − DATDEB (mesure finie, DATFIN connue) ou censor_date − DATDEB (en cours) ; NULL : fin sans date.
WITH e AS (
    SELECT ev.departement, p.person, ev.year, ev.typev, ev.decision,
           CASE WHEN ev.decision = 1 THEN ev.natpdecadm WHEN ev.decision = 2 THEN ev.natdecassed END AS nature,
           ev.typinterdom, ev.datdeb, ev.datfin, ev.datdecpe, ev.datip, ev.notifeval, ev.fineval,
           ev.motfinint, ev.motifml
    FROM olinpe_events ev
    JOIN olinpe_persons p ON p.numanonym = ev.numanonym
    WHERE ev.datdeb IS NOT NULL
),
m AS (
    SELECT departement, person, decision, nature, datdeb,
           MAX(typinterdom) AS typinterdom,
           MIN(datdecpe) AS datdecpe, MIN(datip) AS datip, MIN(notifeval) AS notifeval, MIN(fineval) AS fineval,
           SUM(CASE WHEN typev = 1 THEN 1 ELSE 0 END) AS starts,
           SUM(CASE WHEN typev = 2 THEN 1 ELSE 0 END) AS renewals,
           SUM(CASE WHEN typev = 3 THEN 1 ELSE 0 END) > 0 AS ended,
           MAX(CASE WHEN typev = 3 THEN datfin END) AS datfin,
           MAX(CASE WHEN typev = 3 THEN year END) AS end_year,
           MAX(CASE WHEN typev = 3 THEN motfinint END) AS motfinint,
           MAX(CASE WHEN typev = 3 THEN motifml END) AS motifml
    FROM e
    GROUP BY departement, person, decision, nature, datdeb
),
held AS (
    SELECT departement, MAX(year) AS last_year FROM olinpe_events GROUP BY departement
),
typed AS (
    SELECT m.*, COALESCE(t.measure_type, 'autre') AS measure_type, t.drees_family,
           make_date(h.last_year, 12, 31) AS censor_date,
           CASE WHEN m.ended THEN COALESCE(m.datfin, make_date(m.end_year, 12, 31)) END AS end_date
    FROM m
    JOIN held h ON h.departement = m.departement
    LEFT JOIN olinpe_measure_types t
      ON t.decision = m.decision AND t.nature = m.nature
     AND (t.typinterdom IS NULL OR t.typinterdom = m.typinterdom)
)
SELECT departement, person, decision, nature, typinterdom, measure_type, drees_family,
       datdeb, datfin, end_date, ended, NOT ended AS censored, censor_date, starts, renewals,
       motfinint, motifml, datdecpe, datip, notifeval, fineval,
       CASE WHEN ended AND datfin IS NOT NULL THEN CAST(datfin AS INT) - CAST(datdeb AS INT)
            WHEN NOT ended THEN CAST(censor_date AS INT) - CAST(datdeb AS INT) END AS duration_days
FROM typed
