-- Prises en charge continues OLINPE : mesures d'une personne qui se chevauchent ou se suivent, avec un écart toléré de 0 jour (`gap_days` = 0 : aucun jour sans mesure) ou de 30 jours au plus (`gap_days` = 30), les deux rapportées ; calculées à l'import (olinpe_period_rows). period_end NULL : prise en charge en cours (censurée) ; first_type, last_type : type de la mesure qui commence en premier, qui finit en dernier ; exit_motfinint, exit_motifml : motif de la mesure qui finit en dernier.
SELECT departement, person, gap_days, period, period_start, period_end, open, measures,
       first_type, last_type, exit_motfinint, exit_motifml
FROM olinpe_period_rows
