-- title: Profil du département : contexte socio-démographique
-- sheet: Profil du département
-- subtitle: RSA, AAH et ASS au 31/12/{minima_year} (population au 1er janvier {minima_base}){minima_note} ; âges et densité au 1er janvier {pop_year} ; rang du département parmi {n_departements} départements, du plus élevé (1er) au plus faible{reference_note}
-- chart: table
-- category: territoire
-- code: territory
-- value: taux_rsa, taux_rsa_couverte, taux_aah, taux_ass, part_0_19, part_0_4, evol_0_19, part_75, densite
-- headers: Allocataires du RSA pour 1 000 habitants (‰) — rang {rang_taux_rsa}, Population couverte par le RSA pour 1 000 habitants (‰) — rang {rang_taux_rsa_couverte}, Allocataires de l'AAH pour 1 000 habitants de 20 à 64 ans (‰) — rang {rang_taux_aah}, Allocataires de l'ASS pour 1 000 habitants de 15 à 64 ans (‰) — rang {rang_taux_ass}, Part des 0-19 ans (%) — rang {rang_part_0_19}, Part des 0-4 ans (%) — rang {rang_part_0_4}, Évolution des 0-19 ans en 5 ans (%) — rang {rang_evol_0_19}, Part des 75 ans et plus (%) — rang {rang_part_75}, Densité (hab./km²) — rang {rang_densite}
-- unit: per_thousand
-- units: per_thousand, per_thousand, per_thousand, per_thousand, percent, percent, percent, percent, per_km2
-- decimals: 1, 1, 1, 1, 1, 1, 1, 1, 0
-- signed: evol_0_19
-- source: DREES, Minima sociaux : données départementales par dispositif (allocataires au 31 décembre ; sources CNAF, MSA, Pôle emploi) ; Insee, estimations de population au 1er janvier ; IGN, Admin Express 2018 (superficies calculées par depbench sur les contours, projection équivalente) ; calculs depbench (vues context_indicators et context_references ; références : sommes de leurs départements ; médiane, quartiles et extrêmes : départements de la partition de l'année). Le détail du recensement que donnent les états des lieux (0-6 ans par intercommunalité, familles monoparentales, naissances) n'est pas dans les données publiques à disposition de depbench
-- params: focus, peers, references, year
-- indicators: AllocRSA, PopCouverteRSA, AllocAAH, AllocASS
-- lecture: {focus} compte {focus_number} allocataires du RSA pour 1 000 habitants au 31/12/{minima_year} ({rang_taux_rsa} départements), contre {reference_number} {reference_in} ; la médiane des départements est de {median_rsa}.
-- Headers write « 1 000 » with a no-break space so a wrapped header never splits the number.
-- The ISD presentation (Insee/DREES indicateurs sociaux départementaux): the focus, its peers
-- and references side by side, then the median, quartiles and extremes of the départements of
-- the year's partition (France entière hors Mayotte), and the focus's rank in each header.
-- Each indicator is read at $year, or at its last year when $year is later (the minima
-- sociaux stop in 2019): the subtitle states both years and says when they are older than
-- $year. Corse's minima sociaux of 2018-2019 are 2A + 2B (`context_indicators`).
WITH y AS (
    SELECT indicator, CASE WHEN MAX(last_year) < $year THEN MAX(last_year) ELSE $year END AS year
    FROM context_indicators GROUP BY indicator
),
v AS (
    SELECT c.territory, c.indicator, c.value, c.base_year
    FROM context_indicators c JOIN y ON y.indicator = c.indicator AND y.year = c.year
),
part AS (
    SELECT DISTINCT p.territory FROM territory_partition p
    WHERE p.scope = 'FRE' AND p.year = (SELECT year FROM y WHERE indicator = 'part_0_19')
),
ranked AS (
    SELECT v.territory, v.indicator, v.value,
           RANK() OVER (PARTITION BY v.indicator ORDER BY v.value DESC) AS rang,
           COUNT(*) OVER (PARTITION BY v.indicator) AS n
    FROM v JOIN part ON part.territory = v.territory
    WHERE v.value IS NOT NULL
),
focus_rank AS (
    SELECT indicator, CASE WHEN rang = 1 THEN '1er' ELSE CAST(rang AS VARCHAR) || 'e' END || ' sur ' || CAST(n AS VARCHAR) AS rang
    FROM ranked WHERE territory = $focus
),
stats AS (
    SELECT indicator,
           median(value) AS mediane,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS q1,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS q3,
           MIN(value) AS mini, MAX(value) AS maxi
    FROM ranked GROUP BY indicator
),
refs AS (
    SELECT r.territory, r.indicator, r.value, r.n_departements, r.n_expected
    FROM context_references r JOIN y ON y.indicator = r.indicator AND y.year = r.year
    WHERE r.territory IN ($references)
),
vals AS (
    SELECT territory, indicator, value FROM v WHERE territory = $focus OR territory IN ($peers)
    UNION ALL
    SELECT territory, indicator, value FROM refs
),
shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS ord,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
wide AS (
    SELECT s.code AS territory, s.name AS territoire, s.ord, s.ref_ord,
           MAX(CASE WHEN x.indicator = 'taux_rsa' THEN x.value END) AS taux_rsa,
           MAX(CASE WHEN x.indicator = 'taux_rsa_couverte' THEN x.value END) AS taux_rsa_couverte,
           MAX(CASE WHEN x.indicator = 'taux_aah_20_64' THEN x.value END) AS taux_aah,
           MAX(CASE WHEN x.indicator = 'taux_ass_15_64' THEN x.value END) AS taux_ass,
           MAX(CASE WHEN x.indicator = 'part_0_19' THEN x.value END) AS part_0_19,
           MAX(CASE WHEN x.indicator = 'part_0_4' THEN x.value END) AS part_0_4,
           MAX(CASE WHEN x.indicator = 'evol_0_19_5ans' THEN x.value END) AS evol_0_19,
           MAX(CASE WHEN x.indicator = 'part_75_plus' THEN x.value END) AS part_75,
           MAX(CASE WHEN x.indicator = 'densite' THEN x.value END) AS densite
    FROM shown s LEFT JOIN vals x ON x.territory = s.code
    GROUP BY s.code, s.name, s.ord, s.ref_ord
),
stat_rows AS (
    -- An empty code (not NULL): the rows of the départements' distribution have no territory.
    SELECT '' AS territory, label AS territoire, 3 AS ord, k AS ref_ord,
           MAX(CASE WHEN indicator = 'taux_rsa' THEN x END) AS taux_rsa,
           MAX(CASE WHEN indicator = 'taux_rsa_couverte' THEN x END) AS taux_rsa_couverte,
           MAX(CASE WHEN indicator = 'taux_aah_20_64' THEN x END) AS taux_aah,
           MAX(CASE WHEN indicator = 'taux_ass_15_64' THEN x END) AS taux_ass,
           MAX(CASE WHEN indicator = 'part_0_19' THEN x END) AS part_0_19,
           MAX(CASE WHEN indicator = 'part_0_4' THEN x END) AS part_0_4,
           MAX(CASE WHEN indicator = 'evol_0_19_5ans' THEN x END) AS evol_0_19,
           MAX(CASE WHEN indicator = 'part_75_plus' THEN x END) AS part_75,
           MAX(CASE WHEN indicator = 'densite' THEN x END) AS densite
    FROM (
        SELECT indicator, 'Maximum des départements' AS label, 0 AS k, maxi AS x FROM stats
        UNION ALL SELECT indicator, '3e quartile', 1, q3 FROM stats
        UNION ALL SELECT indicator, 'Médiane des départements', 2, mediane FROM stats
        UNION ALL SELECT indicator, '1er quartile', 3, q1 FROM stats
        UNION ALL SELECT indicator, 'Minimum des départements', 4, mini FROM stats
    ) t
    GROUP BY label, k
),
fr AS (
    SELECT MAX(CASE WHEN indicator = 'taux_rsa' THEN rang END) AS r1,
           MAX(CASE WHEN indicator = 'taux_rsa_couverte' THEN rang END) AS r2,
           MAX(CASE WHEN indicator = 'taux_aah_20_64' THEN rang END) AS r3,
           MAX(CASE WHEN indicator = 'taux_ass_15_64' THEN rang END) AS r4,
           MAX(CASE WHEN indicator = 'part_0_19' THEN rang END) AS r5,
           MAX(CASE WHEN indicator = 'part_0_4' THEN rang END) AS r6,
           MAX(CASE WHEN indicator = 'evol_0_19_5ans' THEN rang END) AS r7,
           MAX(CASE WHEN indicator = 'part_75_plus' THEN rang END) AS r8,
           MAX(CASE WHEN indicator = 'densite' THEN rang END) AS r9
    FROM focus_rank
),
notes AS (
    SELECT MAX(' ; ' || t.name || ' : RSA, AAH, ASS sur ' || CAST(r.n_departements AS VARCHAR) || ' départements de ' || CAST(r.n_expected AS VARCHAR) || ' (les autres sans valeur cette année)') AS note
    FROM refs r JOIN territories t ON t.code = r.territory
    WHERE r.n_departements < r.n_expected AND r.indicator = 'taux_rsa'
),
texts AS (
    SELECT
        (SELECT CAST(year AS VARCHAR) FROM y WHERE indicator = 'taux_rsa') AS minima_year,
        (SELECT CAST(MAX(base_year) AS VARCHAR) FROM v WHERE indicator = 'taux_rsa' AND (territory = $focus OR territory IN ($peers))) AS minima_base,
        (SELECT CASE WHEN year < $year THEN ', dernière année publiée par la DREES, antérieure à ' || CAST($year AS VARCHAR) ELSE '' END FROM y WHERE indicator = 'taux_rsa') AS minima_note,
        (SELECT CAST(year AS VARCHAR) FROM y WHERE indicator = 'part_0_19') AS pop_year,
        (SELECT CAST(COUNT(*) AS VARCHAR) FROM part) AS n_departements,
        COALESCE(notes.note, '') AS reference_note,
        (SELECT fr_number(mediane, 1) FROM stats WHERE indicator = 'taux_rsa') AS median_rsa,
        COALESCE(fr.r1, 'n.d.') AS rang_taux_rsa,
        COALESCE(fr.r2, 'n.d.') AS rang_taux_rsa_couverte,
        COALESCE(fr.r3, 'n.d.') AS rang_taux_aah,
        COALESCE(fr.r4, 'n.d.') AS rang_taux_ass,
        COALESCE(fr.r5, 'n.d.') AS rang_part_0_19,
        COALESCE(fr.r6, 'n.d.') AS rang_part_0_4,
        COALESCE(fr.r7, 'n.d.') AS rang_evol_0_19,
        COALESCE(fr.r8, 'n.d.') AS rang_part_75,
        COALESCE(fr.r9, 'n.d.') AS rang_densite
    FROM fr CROSS JOIN notes
)
SELECT r.territory, r.territoire, r.taux_rsa, r.taux_rsa_couverte, r.taux_aah, r.taux_ass,
       r.part_0_19, r.part_0_4, r.evol_0_19, r.part_75, r.densite,
       t.minima_year, t.minima_base, t.minima_note, t.pop_year, t.n_departements, t.reference_note, t.median_rsa,
       t.rang_taux_rsa, t.rang_taux_rsa_couverte, t.rang_taux_aah, t.rang_taux_ass, t.rang_part_0_19,
       t.rang_part_0_4, t.rang_evol_0_19, t.rang_part_75, t.rang_densite
FROM (SELECT * FROM wide UNION ALL SELECT * FROM stat_rows) r
CROSS JOIN texts t
ORDER BY r.ord, r.ref_ord, r.territoire
