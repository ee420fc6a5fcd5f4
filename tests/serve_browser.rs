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

#[test]
fn explorer_in_headless_chromium() {
    let Some(exe) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let addr = start_server();
    let profile = tempfile::tempdir().unwrap();
    let (_browser, ws_url) = launch(&exe, profile.path());
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
