//! `--features` beyond the report (issue 23 §4): `depbench chart` chooses its peers with the
//! same syntax and says how (stderr and a note on the chart), and the explorer takes the
//! features in its URL, shows them with their weights and each peer's distance, and keeps them
//! in its links.

use std::sync::Arc;

use axum::http::StatusCode;
use depbench::serve::Explorer;

use crate::common;

/// GET `uri` from an explorer of its own whose time limit is long: the first choice of peers on
/// the context computes the context views cold, which a loaded test machine can take longer
/// than the explorer's 20 s to do.
async fn text(ex: &Arc<Explorer>, uri: &str) -> (StatusCode, String) {
    let (status, _, body) = crate::serve::get_from(ex.clone(), uri).await;
    (status, String::from_utf8(body).unwrap())
}

#[test]
fn chart_chooses_its_peers_with_features_and_says_how() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("03.svg");
    let out = common::depbench(&[
        "chart",
        "-f",
        "queries/figures/03_taux_accueillis.sql",
        "-p",
        "focus=17",
        "--features",
        "rsa=2,densite,pop",
        "-o",
        svg.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // The same peers and method text as `report -d 17 --features rsa=2,densite,pop`.
    assert!(
        err.contains("départements de comparaison : 63, 45, 51, 37 (Les 4 départements les plus proches en 2022")
            && err.contains("(--features rsa=2,densite,pop : 3 caractéristiques")
            && err.contains("Distances au département : Puy-de-Dôme (63) 0,15 ; Loiret (45) 0,23"),
        "{err}"
    );
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(
        drawn.contains("les 4 plus proches sur le contexte socio-démographique (--features rsa=2,densite,pop ; distances : Puy-de-Dôme 0,15"),
        "the chart says how its peers were chosen"
    );
    let data = std::fs::read_to_string(svg.with_extension("csv")).unwrap();
    assert!(data.contains("Puy-de-Dôme") && data.contains("Indre-et-Loire"));
    // Named peers and --features are two choices of the peers: refused, nothing written.
    let png = dir.path().join("x.png");
    let out = common::depbench(&[
        "chart",
        "-f",
        "queries/figures/03_taux_accueillis.sql",
        "-p",
        "focus=17",
        "-p",
        "peers=14",
        "--features",
        "resultats",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "--features choisit les départements de comparaison automatiques, -p peers les nomme : gardez l'un des deux"
        )
    );
    assert!(!png.exists());
}

#[tokio::test]
async fn explorer_takes_features_in_its_url_and_shows_weights_and_distances() {
    let ex = Arc::new(
        Explorer::open(&common::repo("data"), &common::repo("queries"))
            .await
            .unwrap()
            .with_timeout(std::time::Duration::from_secs(600)),
    );
    let (status, page) = text(
        &ex,
        "/?departement=17&features=rsa%3D2,densite,pop&fragment=1",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page = page.replace("&#39;", "'");
    assert!(
        page.contains(
            "(critères «\u{a0}rsa=2,densite,pop\u{a0}» : 3 caractéristiques centrées-réduites"
        ) && page.contains("allocataires du RSA pour 1 000 habitants (poids 2)"),
        "{page}"
    );
    assert!(
        page.contains("Distances au département (les plus faibles sont les profils les plus proches) : Puy-de-Dôme (63) 0,15 ; Loiret (45) 0,23 ; Marne (51) 0,37 ; Indre-et-Loire (37) 0,38."),
        "{page}"
    );
    assert!(
        page.contains("Suggestion automatique (les 4 plus proches sur le contexte socio-démographique (critères «\u{a0}rsa=2,densite,pop\u{a0}») : allocataires du RSA pour 1 000 habitants (poids 2)"),
        "{page}"
    );
    assert!(
        page.contains("Autres choix : le choix par défaut (critères vides : les six caractéristiques du contexte, poids 1), critères «\u{a0}aah=2,jeunes,evolution\u{a0}»")
            && !page.contains("--features"),
        "{page}"
    );
    // The links keep the features (figure downloads, the peer picker's form).
    assert!(
        page.contains("&amp;features=rsa%3D2,densite,pop"),
        "links keep the features"
    );
    assert!(page.contains(r#"name="features" value="rsa=2,densite,pop""#));
    // Named peers stay named; the suggestion follows the features.
    let (status, page) = text(
        &ex,
        "/?departement=17&peers=22,64&features=resultats&fragment=1",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page = page.replace("&#39;", "'");
    assert!(page.contains("Côtes-d'Armor (22)"), "{page}");
    assert!(
        page.contains(
            "plus proches sur les taux de l'ASE eux-mêmes (critères «\u{a0}resultats\u{a0}»"
        ),
        "{page}"
    );
    // The page names the field the user has (« Critères des départements automatiques »,
    // `features=`), never the command line's option.
    assert!(!page.contains("--features"), "{page}");
    // A wrong feature is a bad request naming it.
    let (status, page) = text(&ex, "/?departement=17&features=chomage").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("features=chomage : caractéristique « chomage » inconnue"),
        "{page}"
    );
}
