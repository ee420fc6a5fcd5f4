-- Allocataires de fin décembre du suivi mensuel face aux minima sociaux au 31 décembre de la même année (RSA, AAH, ASS) : departement, prestation, annee, mensuel, minima, ecart (mensuel − minima), ecart_pct (en % des minima), source_mensuel, source_minima, note (pourquoi les deux diffèrent). Les deux valeurs sont gardées ; `WHERE ecart <> 0` liste les écarts.
-- Monthly: `prestations_mensuelles`, month `<annee>-12`, newest edition per key (the monthly
-- series has December 2017, 2018 and 2019). Minima: `observations` AllocRSA / AllocAAH /
-- AllocASS, current rows. The two differ by construction: the monthly counts are rounded to
-- ten by DREES, the monthly AAH counts only the Caf's allocataires (97 %, the MSA's are not
-- monthly) while the minima count every régime, and the dates of extraction differ. Corse:
-- both files keep 2A and 2B; the minima's are NULL (`not_applicable`) from 2018, when DREES
-- codes Corse 20. A NULL on either side (a marker) gives a NULL `ecart` (and a minima value of
-- 0 a NULL `ecart_pct`), never a 0 nor an infinity.
WITH monthly AS (
    SELECT departement, prestation, annee, allocataires, source_ref,
           ROW_NUMBER() OVER (PARTITION BY departement, prestation, mois ORDER BY edition DESC) AS rn
    FROM prestations_mensuelles
    WHERE mois = CAST(annee AS VARCHAR) || '-12'
      AND prestation IN ('rsa', 'aah', 'ass')
),
m AS (
    SELECT departement, prestation, annee, allocataires, source_ref
    FROM monthly WHERE rn = 1
),
minima AS (
    SELECT territory, year, value, source_id, source_ref,
           CASE indicator WHEN 'AllocRSA' THEN 'rsa' WHEN 'AllocAAH' THEN 'aah' ELSE 'ass' END AS prestation
    FROM observations
    WHERE is_current AND indicator IN ('AllocRSA', 'AllocAAH', 'AllocASS')
)
SELECT m.departement, m.prestation, m.annee,
       m.allocataires AS mensuel,
       n.value AS minima,
       m.allocataires - n.value AS ecart,
       CASE WHEN n.value <> 0 THEN 100.0 * (m.allocataires - n.value) / n.value END AS ecart_pct,
       'drees-prestations-mensuelles ' || m.source_ref AS source_mensuel,
       n.source_id || ' ' || n.source_ref AS source_minima,
       CASE m.prestation
           WHEN 'aah' THEN 'suivi mensuel : allocataires des Caf seulement (97 %), arrondis à la dizaine ; minima : tous régimes'
           WHEN 'ass' THEN 'deux séries de Pôle emploi (FNA) arrondies à la dizaine : un écart vient d''une autre extraction'
           ELSE 'suivi mensuel : arrondi à la dizaine par la DREES ; minima : valeur non arrondie'
       END AS note
FROM m
JOIN minima n ON n.territory = m.departement AND n.year = m.annee AND n.prestation = m.prestation
ORDER BY m.departement, m.prestation, m.annee
