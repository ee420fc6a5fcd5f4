//! The report as a PDF deliverable: the report page printed by headless Chromium, read back
//! page by page with `pdftotext` (poppler-utils). Every page but the cover carries the running
//! header (département, year) and « Page N sur M »; the cover holds the title, the date of the
//! data, the sources and the table of contents (no empty first page); the annex names
//! indicators in the reader's words. Skips with a message when Chromium or pdftotext is
//! absent (`apt-get install chromium poppler-utils`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// `name` on the PATH (`CHROMIUM` overrides for Chromium).
fn tool(name: &str) -> Option<PathBuf> {
    if name == "chromium"
        && let Some(p) = std::env::var_os("CHROMIUM")
    {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The text of each page of `pdf` (pdftotext's pages are separated by form feeds).
fn pages(pdftotext: &Path, pdf: &Path) -> Vec<String> {
    let out = Command::new(pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn printed_report_has_a_cover_page_numbers_and_a_running_header() {
    let (Some(chromium), Some(pdftotext)) = (tool("chromium"), tool("pdftotext")) else {
        eprintln!(
            "skipped: chromium and pdftotext are needed (apt-get install chromium poppler-utils)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    common::stdout_ok(&[
        "report",
        "-d",
        "17",
        "--peers",
        "22,64,14",
        "--year",
        "2022",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = out.join("17-charente-maritime/index.html");
    assert!(html.is_file(), "{}", html.display());
    let pdf = tmp.path().join("rapport.pdf");
    let profile = tmp.path().join("profile");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("running chromium");
    assert!(status.success() && pdf.is_file(), "chromium printed no PDF");
    let pages = pages(&pdftotext, &pdf);
    let n = pages.len();
    assert!(n >= 8, "{n} pages");
    // The cover: title, département, date of the data, sources, and the table of contents on
    // the same page (no empty first page); neither running header nor page number.
    let cover = &pages[0];
    // (pdftotext may space out letters of the upper-case kicker: « L A PROTECTION ».)
    for words in [
        "DIAGNOSTIC COMPARÉ DE",
        "Charente-Maritime (17) : diagnostic comparé",
        "Données au 31/12/2022",
        "Sources : ",
        "DREES ; IGN ; Insee",
        "Sommaire",
        "Figure 1 —",
    ] {
        assert!(cover.contains(words), "cover: {words}\n{cover}");
    }
    assert!(!cover.contains("Page 1 sur"), "{cover}");
    assert!(!cover.contains("— diagnostic 2022"), "{cover}");
    // Every other page: « Page N sur M » and the running header.
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("Page {} sur {n}", i + 1)),
            "page {}: {page}",
            i + 1
        );
        assert!(
            page.contains("Charente-Maritime (17) — diagnostic 2022"),
            "page {}: {page}",
            i + 1
        );
    }
    // The annex (the département's published figures next to DREES) starts a page and names
    // indicators as readers know them, never by the DREES variable ids.
    let annex = pages
        .iter()
        .position(|p| p.contains("Chiffres du schéma départemental rattachés"))
        .expect("the annex");
    assert!(annex > 0);
    let from_annex = pages[annex..].join("\n");
    assert!(
        from_annex.contains("«\u{a0}AED\u{a0}»") || from_annex.contains("« AED »"),
        "{from_annex}"
    );
    for id in ["TotBenefAED", "TotEnfConfiesASE", "TotEnfAccueillisASE"] {
        assert!(!from_annex.contains(id), "{id} in the annex");
    }
    // The sources table names publishers and titles, not the catalogue's ids.
    for id in [
        "drees-benef-2022",
        "insee-pop-2022",
        "ign-admin-express-2018",
    ] {
        assert!(!from_annex.contains(id), "source id {id} printed");
    }
    assert!(from_annex.contains("ase-beneficiaires"), "the file read");
}
