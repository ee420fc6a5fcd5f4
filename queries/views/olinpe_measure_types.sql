-- Classement des mesures OLINPE : (DECISION, nature, TYPINTERDOM) → type de mesure et famille DREES. La seule table de correspondance des indicateurs OLINPE (spécification ../shared/notes/olinpe.md §7.1, codes 2016 en partie inférés : à corriger ici). Toute mesure absente de cette table est de type `autre`.
-- Colonnes : decision (1 administrative, 2 judiciaire) ; nature (NATPDECADM si administrative, NATDECASSED si judiciaire) ; typinterdom (NULL : toute valeur) ; measure_type ; drees_family (`aed`, `aemo`, `accueil` : le dénombrement DREES au 31/12 rapproché, NULL : aucun) ; confidence.
SELECT * FROM (VALUES
    (1, 10, 2,    'aed',                   'aed',     'définition du stock (§7.3)'),
    (1, 10, 3,    'aed',                   'aed',     'définition du stock (§7.3)'),
    (1, 10, 4,    'aed',                   'aed',     'définition du stock (§7.3)'),
    (1, 10, 5,    'aed',                   'aed',     'définition du stock (§7.3)'),
    (2, 15, NULL, 'aemo',                  'aemo',    'définition du stock (§7.3)'),
    (2, 16, NULL, 'aemo',                  'aemo',    'définition du stock (§7.3)'),
    (1, 11, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (1, 12, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (1, 13, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (1, 14, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (1, 15, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (1, 16, NULL, 'accueil_administratif', 'accueil', 'définition du stock (§7.3)'),
    (2, 17, NULL, 'placement_ase',         'accueil', 'définition du stock (§7.3)'),
    (2, 18, NULL, 'placement_direct',      'accueil', 'définition du stock (§7.3)'),
    (1, 20, NULL, 'jeune_majeur',          NULL,      'code 2016 inféré'),
    (1, 21, NULL, 'jeune_majeur',          'accueil', 'code 2016 inféré ; accueil jeune majeur compté parmi les accueils (hypothèse)'),
    (2, 24, NULL, 'jeune_majeur',          NULL,      'code 2016 inféré')
) AS t(decision, nature, typinterdom, measure_type, drees_family, confidence)
