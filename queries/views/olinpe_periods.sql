-- Prises en charge continues OLINPE : mesures d'une personne qui se chevauchent ou se suivent, avec un écart toléré de 0 jour (`gap_days` = 0 : aucun jour sans mesure) ou de 30 jours au plus (`gap_days` = 30), les deux rapportées ; calculées à l'import (olinpe_period_rows), la première et la dernière mesure typées ici par olinpe_measure_types. period_end NULL : prise en charge en cours (censurée) ; exit_motfinint, exit_motifml : motif de la mesure qui finit en dernier.
SELECT p.departement, p.person, p.gap_days, p.period, p.period_start, p.period_end, p.open, p.measures,
       COALESCE(f.measure_type, 'autre') AS first_type, COALESCE(l.measure_type, 'autre') AS last_type,
       p.exit_motfinint, p.exit_motifml
FROM olinpe_period_rows p
LEFT JOIN olinpe_measure_types f
  ON f.decision = p.first_decision AND f.nature = p.first_nature
 AND (f.typinterdom IS NULL OR f.typinterdom = p.first_typinterdom)
LEFT JOIN olinpe_measure_types l
  ON l.decision = p.last_decision AND l.nature = p.last_nature
 AND (l.typinterdom IS NULL OR l.typinterdom = p.last_typinterdom)
