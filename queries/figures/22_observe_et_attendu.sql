-- title: Observé et attendu compte tenu du contexte socio-démographique en $year
-- sheet: Observé et attendu
-- subtitle: Taux pour 1 000 jeunes de 0 à 20 ans ; attendu : valeur associée au contexte (RSA, AAH, part et évolution des 0-19 ans, densité{context_note}) dans les départements de France entière hors Mayotte, estimée sans le département ; intervalle à 95 % ; R² {r2_accueillis} (accueillis) et {r2_ae} (actions éducatives), n = {n_departements} départements
-- chart: table
-- category: territoire
-- code: territory
-- value: observe_accueillis, attendu_accueillis, bas_accueillis, haut_accueillis, ecart_accueillis, rang_accueillis, observe_ae, attendu_ae, ecart_ae, rang_ae
-- headers: Enfants accueillis observés (‰), Enfants accueillis attendus (‰), Attendu : borne basse (‰), Attendu : borne haute (‰), Écart observé / attendu (%), Rang de l'écart (1 = le plus au-dessus), Actions éducatives observées (‰), Actions éducatives attendues (‰), Écart observé / attendu (%), Rang de l'écart (1 = le plus au-dessus)
-- unit: per_thousand
-- units: per_thousand, per_thousand, per_thousand, per_thousand, percent, rank, per_thousand, per_thousand, percent, rank
-- decimals: 1, 1, 1, 1, 1, 0, 1, 1, 1, 0
-- signed: ecart_accueillis, ecart_ae
-- source: DREES, enquête Aide sociale et Minima sociaux ; Insee, estimations de population ; IGN (superficies) ; calculs depbench (vue context_expected : moindres carrés sur le logarithme du taux, estimés pour chaque département sans lui, leave-one-out). Une valeur attendue est une association avec le contexte observée entre départements, ni une norme ni un objectif : un écart invite à chercher ce que le modèle ignore (organisation, offre, pratiques, publics)
-- params: focus, peers, references, year
-- indicators: TotEnfAccueillisASE, TotBenefAE, AllocRSA, AllocAAH
-- lecture: en $year, {focus} compte {focus_number} enfants accueillis pour 1 000 jeunes de 0 à 20 ans, contre {reference_number} {reference_in} ; compte tenu de son contexte, la valeur attendue est de {attendu_txt} (entre {bas_txt} et {haut_txt}), soit un écart de {ecart_txt} ; c'est une association, pas une norme.
-- Focus and peers with their observed and expected rates; the references show their observed
-- rate only (the model is fitted on départements). The ranking of every département's gap is
-- in the view `context_expected` (`rang`, 1 = furthest above its expected value).
WITH shown AS (
    SELECT code, name,
           CASE WHEN code = $focus THEN 0 WHEN code IN ($references) THEN 2 ELSE 1 END AS ord,
           CASE WHEN kind = 'region' THEN 1 ELSE 0 END AS ref_ord
    FROM territories WHERE code = $focus OR code IN ($peers) OR code IN ($references)
),
e AS (
    SELECT * FROM context_expected WHERE year = $year
),
a AS (SELECT * FROM e WHERE outcome = 'taux_accueillis_0_20'),
b AS (SELECT * FROM e WHERE outcome = 'taux_ae_0_20'),
obs AS (
    SELECT territory,
           MAX(CASE WHEN indicator = 'taux_accueillis_0_20' THEN value END) AS accueillis,
           MAX(CASE WHEN indicator = 'taux_ae_0_20' THEN value END) AS ae
    FROM indicator_values WHERE year = $year AND indicator IN ('taux_accueillis_0_20', 'taux_ae_0_20')
      AND territory IN (SELECT code FROM shown)
    GROUP BY territory
),
fa AS (
    SELECT MAX(r2) AS r2, MAX(n) AS n, MAX(context_year) AS context_year,
           MAX(CASE WHEN territory = $focus THEN expected END) AS expected,
           MAX(CASE WHEN territory = $focus THEN lower END) AS lower,
           MAX(CASE WHEN territory = $focus THEN upper END) AS upper,
           MAX(CASE WHEN territory = $focus THEN ecart_pct END) AS ecart_pct
    FROM a
),
fb AS (SELECT MAX(r2) AS r2 FROM b),
texts AS (
    SELECT
        COALESCE(fr_decimal(fa.r2, 2), 'n.d.') AS r2_accueillis,
        COALESCE(fr_decimal(fb.r2, 2), 'n.d.') AS r2_ae,
        COALESCE(CAST(fa.n AS VARCHAR), 'n.d.') AS n_departements,
        CASE WHEN fa.context_year < $year THEN ' ; RSA et AAH de ' || CAST(fa.context_year AS VARCHAR) || ', dernière année publiée' ELSE '' END AS context_note,
        COALESCE(fr_decimal(fa.expected, 1), 'n.d.') AS attendu_txt,
        COALESCE(fr_decimal(fa.lower, 1), 'n.d.') AS bas_txt,
        COALESCE(fr_decimal(fa.upper, 1), 'n.d.') AS haut_txt,
        COALESCE(CASE WHEN fa.ecart_pct >= 0 THEN '+' ELSE '' END || fr_decimal(fa.ecart_pct, 1) || ' %', 'n.d.') AS ecart_txt
    FROM fa CROSS JOIN fb
)
SELECT s.code AS territory, s.name AS territoire,
       o.accueillis AS observe_accueillis, a.expected AS attendu_accueillis,
       a.lower AS bas_accueillis, a.upper AS haut_accueillis,
       a.ecart_pct AS ecart_accueillis, CAST(a.rang AS DOUBLE) AS rang_accueillis,
       o.ae AS observe_ae, b.expected AS attendu_ae, b.ecart_pct AS ecart_ae, CAST(b.rang AS DOUBLE) AS rang_ae,
       t.*
FROM shown s
CROSS JOIN texts t
LEFT JOIN obs o ON o.territory = s.code
LEFT JOIN a ON a.territory = s.code
LEFT JOIN b ON b.territory = s.code
ORDER BY s.ord, s.ref_ord, s.name
