//! The explorer in a real browser: headless Chromium driven through the DevTools protocol over
//! a plain websocket. Loads Charente-Maritime with peers 22, 64, 14, switches the département to
//! Orne in the form, checks the figures were replaced without a reload and that the console
//! stayed clean, and saves screenshots under the target's temporary folder.
//! Skips with a message when Chromium is not installed (`apt-get install chromium`).

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .map(move |dir| dir.join(name))
        })
        .find(|p| p.is_file())
}

/// The explorer served on a free loopback port by a thread of the test binary.
fn start_server() -> SocketAddr {
    let ex = super::serve::explorer();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(depbench::serve::serve(
            ex,
            "127.0.0.1:0".parse().unwrap(),
            move |addr| tx.send(addr).unwrap(),
        ))
        .expect("server");
    });
    rx.recv_timeout(Duration::from_secs(60)).expect("server up")
}

/// A Chromium process, killed when dropped.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A DevTools session on one page (flat protocol: the page's session id on every call).
struct Cdp {
    ws: WebSocket<TcpStream>,
    next: u64,
    session: Option<String>,
    events: Vec<Value>,
}

impl Cdp {
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .expect("send to chromium");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(
                Instant::now() < deadline,
                "{method}: no answer from chromium"
            );
            let v = self.read();
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.ws.read().expect("read from chromium") {
                Message::Text(t) => {
                    let v: Value = serde_json::from_str(&t).expect("json from chromium");
                    if v.get("method").is_some() {
                        self.events.push(v.clone());
                    }
                    return v;
                }
                Message::Close(_) => panic!("chromium closed the connection"),
                _ => {}
            }
        }
    }

    fn eval(&mut self, js: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        r["result"]["value"].clone()
    }

    /// Poll `js` until it is true.
    fn wait_for(&mut self, js: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.eval(js) != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn screenshot(&mut self, path: &PathBuf, full: bool) {
        let mut params = json!({"format": "png"});
        if full {
            let h = self
                .eval("Math.min(document.documentElement.scrollHeight, 6000)")
                .as_f64()
                .unwrap_or(900.0);
            params["captureBeyondViewport"] = json!(true);
            params["clip"] = json!({"x": 0, "y": 0, "width": 1280, "height": h, "scale": 0.5});
        }
        let r = self.call("Page.captureScreenshot", params);
        let png = base64_decode(r["data"].as_str().expect("screenshot data"));
        assert_eq!(&png[..4], b"\x89PNG");
        std::fs::write(path, png).expect("writing screenshot");
        eprintln!("screenshot: {}", path.display());
    }

    /// Console errors, uncaught exceptions and failed loads seen so far.
    fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e["method"].as_str()? {
                "Runtime.consoleAPICalled" if e["params"]["type"] == "error" => {
                    Some(e["params"]["args"].to_string())
                }
                "Runtime.exceptionThrown" => Some(e["params"]["exceptionDetails"].to_string()),
                "Log.entryAdded" if e["params"]["entry"]["level"] == "error" => {
                    Some(e["params"]["entry"].to_string())
                }
                _ => None,
            })
            .collect()
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && c != b'\n').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| val(c) as u32).collect();
        let n = v
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (x << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if v.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if v.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

fn launch(exe: &PathBuf, profile: &std::path::Path) -> (Browser, String) {
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--remote-debugging-port=0",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting chromium");
    let stderr = child.stderr.take().expect("stderr");
    let browser = Browser(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.split("DevTools listening on ").nth(1) {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("chromium prints its DevTools address");
    (browser, url)
}

/// Chromium started on a blank page with a DevTools session attached to it, 1 280 px wide.
fn connect(exe: &PathBuf, profile: &std::path::Path) -> (Browser, Cdp) {
    let (browser, ws_url) = launch(exe, profile);
    let host = ws_url
        .trim_start_matches("ws://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let stream = TcpStream::connect(&host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let (ws, _) = tungstenite::client::client(ws_url.as_str(), stream).expect("websocket");
    let mut cdp = Cdp {
        ws,
        next: 0,
        session: None,
        events: Vec::new(),
    };
    let target = cdp.call("Target.createTarget", json!({"url": "about:blank"}));
    let session = cdp.call(
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    cdp.session = Some(session["sessionId"].as_str().unwrap().to_string());
    for m in ["Runtime.enable", "Log.enable", "Page.enable"] {
        cdp.call(m, json!({}));
    }
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
    );
    (browser, cdp)
}

#[test]
fn explorer_in_headless_chromium() {
    let Some(exe) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let addr = start_server();
    let profile = tempfile::tempdir().unwrap();
    let (_browser, mut cdp) = connect(&exe, profile.path());
    let base = format!("http://{addr}");
    cdp.call(
        "Page.navigate",
        json!({"url": format!("{base}/?departement=17&peers=22,64,14&year=2022")}),
    );
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('h1')",
        "the explorer page",
    );
    let h1 = cdp.eval("document.querySelector('h1').textContent");
    assert_eq!(
        h1,
        json!("Charente-Maritime (17) : diagnostic comparé de la protection de l'enfance, 2022")
    );
    let figures = cdp.eval("document.querySelectorAll('[data-figure]').length");
    let svgs_17 = cdp.eval("document.querySelectorAll('[data-figure] svg').length");
    assert!(svgs_17.as_u64().unwrap() >= 8, "{svgs_17}");
    let bars_17 = cdp.eval("document.querySelector('#fig-03_taux_accueillis svg').textContent");
    assert!(bars_17.as_str().unwrap().contains("Charente-Maritime"));
    // Marker: a full reload would lose it; a partial update keeps it.
    cdp.eval("window.__noReload = true; true");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    cdp.screenshot(&dir.join("explorer-17.png"), false);
    cdp.screenshot(&dir.join("explorer-17-full.png"), true);

    cdp.eval(
        "(() => { const i = document.querySelector('input[name=departement]'); i.value = '61'; \
         i.dispatchEvent(new Event('change', {bubbles: true})); return true; })()",
    );
    cdp.wait_for(
        "!!document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('Orne (61)')",
        "the figures of Orne",
    );
    assert_eq!(
        cdp.eval("window.__noReload === true"),
        json!(true),
        "no full reload"
    );
    assert_eq!(
        cdp.eval("new URLSearchParams(location.search).get('departement')"),
        json!("61"),
        "the URL holds the new state"
    );
    // Orne gives no local values: the 4 local figures Charente-Maritime's plan fills are not
    // on its page.
    assert_eq!(
        cdp.eval("document.querySelectorAll('[data-figure]').length"),
        json!(figures.as_u64().unwrap() - 4)
    );
    let bars_61 = cdp.eval("document.querySelector('#fig-03_taux_accueillis svg').textContent");
    assert!(bars_61.as_str().unwrap().contains("Orne"), "{bars_61}");
    assert_ne!(bars_61, bars_17, "the figures were redrawn");
    assert_eq!(
        cdp.eval("document.title"),
        json!("Orne (61) : diagnostic comparé de la protection de l'enfance, 2022 — depbench")
    );
    cdp.screenshot(&dir.join("explorer-61.png"), false);
    cdp.screenshot(&dir.join("explorer-61-full.png"), true);

    // The other pages load cleanly too.
    for (path, marker) in [
        (
            "/indicateur?indicator=taux_accueillis_0_19&departement=61",
            "Médiane",
        ),
        (
            "/sql?sql=SELECT%20code,%20name%20FROM%20territories%20LIMIT%205",
            "Lignes 1–5",
        ),
        ("/documents/001_fe0a428257ef45b4", "Actions par thème"),
    ] {
        cdp.call("Page.navigate", json!({"url": format!("{base}{path}")}));
        cdp.wait_for(
            &format!(
                "document.readyState === 'complete' && document.body.innerText.includes({})",
                json!(marker)
            ),
            path,
        );
        let name = path
            .trim_start_matches('/')
            .split(['?', '/'])
            .next()
            .unwrap();
        cdp.screenshot(&dir.join(format!("explorer-{name}.png")), true);
    }
    // Drain pending events before judging the console.
    cdp.eval("true");
    let errors = cdp.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// A full-page screenshot `width` pixels wide (the page laid out at that width, as on a phone
/// at 390), at most 5 000 px high.
fn shot(cdp: &mut Cdp, path: &PathBuf, width: u32) {
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
    );
    let h = cdp
        .eval("Math.min(document.documentElement.scrollHeight, 5000)")
        .as_f64()
        .unwrap_or(900.0);
    let r = cdp.call(
        "Page.captureScreenshot",
        json!({"format": "png", "captureBeyondViewport": true,
               "clip": {"x": 0, "y": 0, "width": width, "height": h, "scale": 1}}),
    );
    let png = base64_decode(r["data"].as_str().expect("screenshot data"));
    assert_eq!(&png[..4], b"\x89PNG");
    std::fs::write(path, png).expect("writing screenshot");
    eprintln!("screenshot: {}", path.display());
}

/// Status, Content-Disposition and the first characters of the file behind the link `selector`
/// of the page, fetched by the page itself.
fn fetch_link(cdp: &mut Cdp, selector: &str) -> (Value, Value, Value, Value) {
    let r = cdp.eval(&format!(
        "(async () => {{ const a = document.querySelector({sel}); \
           const r = await fetch(a.href); const t = await r.text(); \
           return [r.status, r.headers.get('content-disposition'), t.slice(0, 300), a.getAttribute('download')]; }})()",
        sel = json!(selector)
    ));
    (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone())
}

/// Issue 22's comforts in a real browser: values on hover (the element under the pointer on a
/// bar belongs to a titled mark), the folded data tables, downloads with their names and
/// content, the peer picker adding and removing a peer, the indicator and comparison pages,
/// screenshots at 1 400 and 390 px, no page wider than a phone's screen.
#[test]
fn explorer_comforts_in_headless_chromium() {
    let Some(exe) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let addr = start_server();
    let profile = tempfile::tempdir().unwrap();
    let (_browser, mut cdp) = connect(&exe, profile.path());
    let base = format!("http://{addr}");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    cdp.call(
        "Page.navigate",
        json!({"url": format!("{base}/?departement=17&peers=22,64,14")}),
    );
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('h1')",
        "the explorer page",
    );
    // Hover: every mark group starts with its title; the element under a bar's centre is in
    // a titled mark saying the territory, the year and the value.
    assert_eq!(
        cdp.eval(
            "[...document.querySelectorAll('svg g.mark')].every(g => \
             g.firstElementChild.tagName === 'title' && g.children.length > 1)"
        ),
        json!(true)
    );
    let hovered = cdp.eval(
        "(() => { const bar = document.querySelector('#fig-03_taux_accueillis svg g.mark rect'); \
           bar.scrollIntoView({block: 'center'}); const r = bar.getBoundingClientRect(); \
           const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
           const g = el && el.closest('g.mark'); return g ? g.querySelector('title').textContent : null; })()",
    );
    let hovered = hovered.as_str().expect("a titled mark under the pointer");
    assert!(
        hovered.contains(", 2022 : ") && hovered.ends_with('‰'),
        "{hovered}"
    );
    let map_titles = cdp.eval(
        "document.querySelectorAll('#fig-08_carte_taux_accueillis svg g.mark > title').length",
    );
    assert!(map_titles.as_u64().unwrap() >= 96, "{map_titles}");
    // Tables: one folded table a drawn figure; opened, it shows the CSV's rows.
    assert_eq!(
        cdp.eval("document.querySelectorAll('details.data').length === document.querySelectorAll('section.figure > figure').length && [...document.querySelectorAll('details.data')].every(d => !d.open)"),
        json!(true)
    );
    let rows = cdp.eval(
        "(() => { const d = document.querySelector('#fig-03_taux_accueillis details.data'); d.open = true; \
           return d.querySelector('table').rows.length; })()",
    );
    assert!(rows.as_u64().unwrap() >= 5, "{rows}");
    // Downloads: names with département, subject and year; the French Excel CSV behind them.
    let (status, disposition, head, name) = fetch_link(
        &mut cdp,
        "#fig-03_taux_accueillis figcaption a[href*='.csv']",
    );
    assert_eq!(status, json!(200));
    assert_eq!(name, json!("17-charente-maritime_taux-accueillis_2022.csv"));
    assert_eq!(
        disposition,
        json!("attachment; filename=\"17-charente-maritime_taux-accueillis_2022.csv\"")
    );
    // (The page's `text()` drops the BOM the file starts with.)
    assert!(
        head.as_str().unwrap().starts_with("Code;Territoire;"),
        "{head}"
    );
    let (status, _, svg, _) = fetch_link(
        &mut cdp,
        "#fig-03_taux_accueillis figcaption a[href*='.svg']",
    );
    assert_eq!(status, json!(200));
    assert!(svg.as_str().unwrap().starts_with("<svg"));
    shot(&mut cdp, &dir.join("comforts-explorer-1400.png"), 1400);
    shot(&mut cdp, &dir.join("comforts-explorer-390.png"), 390);
    assert_eq!(
        cdp.eval("document.documentElement.scrollWidth <= window.innerWidth + 1"),
        json!(true),
        "nothing wider than a 390 px screen"
    );
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
    );
    // The peer picker: a name typed and sent adds the peer in place; the URL says it.
    assert!(
        cdp.eval("document.querySelector('.picker').innerText")
            .as_str()
            .unwrap()
            .contains("Suggestion automatique")
    );
    cdp.eval(
        "(() => { const i = document.querySelector('#add-peer'); i.value = 'Gironde'; \
           i.form.requestSubmit(); return true; })()",
    );
    cdp.wait_for(
        "!!document.querySelector('[data-peer=\"33\"]')",
        "Gironde added to the peers",
    );
    assert_eq!(
        cdp.eval("new URLSearchParams(location.search).get('peers')"),
        json!("22,64,14,33")
    );
    cdp.eval("document.querySelector('[data-peer=\"33\"] a').click(); true");
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('[data-peer=\"22\"]') && !document.querySelector('[data-peer=\"33\"]')",
        "Gironde removed",
    );
    // The indicator page: titles on the map, downloads of every figure.
    cdp.call(
        "Page.navigate",
        json!({"url": format!("{base}/indicateur?indicator=taux_accueillis_0_19&departement=17&peers=22,64,14&year=2022")}),
    );
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('#fig-indicator_map svg')",
        "the indicator page",
    );
    let titles =
        cdp.eval("document.querySelectorAll('#fig-indicator_map svg g.mark > title').length");
    assert!(titles.as_u64().unwrap() >= 96, "{titles}");
    assert_eq!(
        cdp.eval("document.querySelectorAll('figcaption a[download]').length"),
        json!(12)
    );
    let (status, disposition, head, _) = fetch_link(
        &mut cdp,
        "#fig-indicator_ranking figcaption a[href*='.csv']",
    );
    assert_eq!(status, json!(200));
    assert_eq!(
        disposition,
        json!(
            "attachment; filename=\"17-charente-maritime_taux-accueillis-0-19-classement_2022.csv\""
        )
    );
    assert!(head.as_str().unwrap().contains("Territoire"), "{head}");
    // The bands: the default two, titled year by year; ticking « médiane ± 10 % » redraws the
    // evolution in place and the address keeps the choice; the CSV holds the bands' rows.
    assert_eq!(
        cdp.eval(
            "['q1q3','d1d9'].every(w => document.querySelector(`input[name=bands][value=${w}]`).checked) \
             && !document.querySelector('input[name=bands][value=m10]').checked"
        ),
        json!(true)
    );
    assert_eq!(
        cdp.eval(
            "[...document.querySelectorAll('#fig-indicator_evolution svg g.mark > title')] \
             .some(t => t.textContent.startsWith('1er au 3e quartile (Q1-Q3), 2022 : de '))"
        ),
        json!(true)
    );
    cdp.eval(
        "(() => { const b = document.querySelector('input[name=bands][value=m10]'); b.checked = true; \
           b.dispatchEvent(new Event('change', {bubbles: true})); return true; })()",
    );
    cdp.wait_for(
        "[...document.querySelectorAll('#fig-indicator_evolution svg g.mark > title')] \
         .some(t => t.textContent.startsWith('Médiane ± 10 %, 2022 : de '))",
        "the median ± 10 % band drawn",
    );
    assert_eq!(
        cdp.eval("new URLSearchParams(location.search).get('bands')"),
        json!("d1d9,q1q3,m10")
    );
    let csv = cdp.eval(
        "(async () => { const a = document.querySelector('#fig-indicator_evolution figcaption a[href*=\".csv\"]'); \
           const t = await (await fetch(a.href)).text(); \
           return [a.getAttribute('download'), t.includes('\\nM+10;Médiane + 10 %;'), t.includes('\\nQ3;3e quartile (Q3);')]; })()",
    );
    assert_eq!(
        csv,
        json!([
            "17-charente-maritime_taux-accueillis-0-19-evolution_2022.csv",
            true,
            true
        ])
    );
    shot(&mut cdp, &dir.join("comforts-indicateur-1400.png"), 1400);
    shot(&mut cdp, &dir.join("comforts-indicateur-390.png"), 390);
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
    );
    // The comparison page: a bubble a département, titled; its downloads.
    cdp.call(
        "Page.navigate",
        json!({"url": format!("{base}/comparaison?indicator=taux_accueillis_0_19&indicator2=part_judiciaire_ae&departement=17&peers=22,64,14&year=2022")}),
    );
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('#fig-indicator_scatter svg')",
        "the comparison page",
    );
    let bubbles =
        cdp.eval("document.querySelectorAll('#fig-indicator_scatter svg g.mark circle').length");
    assert!(bubbles.as_u64().unwrap() >= 190, "{bubbles}");
    let (status, disposition, head, _) = fetch_link(
        &mut cdp,
        "#fig-indicator_scatter figcaption a[href*='.csv']",
    );
    assert_eq!(status, json!(200));
    assert_eq!(
        disposition,
        json!(
            "attachment; filename=\"17-charente-maritime_taux-accueillis-0-19-part-judiciaire-ae_2022.csv\""
        )
    );
    assert!(
        head.as_str().unwrap().contains("Charente-Maritime")
            || head.as_str().unwrap().contains("Territoire")
    );
    assert!(cdp.eval("!!document.querySelector('.picker #add-peer')") == json!(true));
    shot(&mut cdp, &dir.join("comforts-comparaison-1400.png"), 1400);
    shot(&mut cdp, &dir.join("comforts-comparaison-390.png"), 390);
    assert_eq!(
        cdp.eval("document.documentElement.scrollWidth <= window.innerWidth + 1"),
        json!(true),
        "nothing wider than a 390 px screen"
    );
    cdp.eval("true");
    let errors = cdp.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
