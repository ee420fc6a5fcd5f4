-- Parcours OLINPE : suite des types de mesure d'une personne dans l'ordre de leurs débuts (placements ASE et directs regroupés en `placement`, répétitions successives fusionnées : AED → AEMO → placement), nombre de personnes et part (%) des personnes du département.
WITH m AS (
    SELECT departement, person, datdeb,
           CASE measure_type WHEN 'aed' THEN 'AED' WHEN 'aemo' THEN 'AEMO'
                WHEN 'accueil_administratif' THEN 'accueil administratif'
                WHEN 'placement_ase' THEN 'placement' WHEN 'placement_direct' THEN 'placement'
                WHEN 'jeune_majeur' THEN 'jeune majeur' ELSE 'autre' END AS state
    FROM olinpe_measures
),
l AS (
    SELECT m.*, LAG(state) OVER (PARTITION BY departement, person ORDER BY datdeb, state) AS prev
    FROM m
),
p AS (
    SELECT departement, person,
           array_to_string(array_agg(state ORDER BY datdeb, state), ' → ') AS sequence
    FROM l WHERE prev IS NULL OR prev <> state
    GROUP BY departement, person
),
t AS (
    SELECT departement, COUNT(*) AS total FROM p GROUP BY departement
)
SELECT p.departement, p.sequence, COUNT(*) AS persons,
       100.0 * COUNT(*) / MAX(t.total) AS share_pct
FROM p JOIN t ON t.departement = p.departement
GROUP BY p.departement, p.sequence
