//! The explorer on a shared machine: requests for another host, slow and idle clients, many
//! open connections, security headers, and queries that would build huge values or run
//! forever (`depbench query --timeout`, Ctrl-C).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use depbench::serve::{self, Limits};
use tower::ServiceExt;

use crate::common::depbench;
use crate::serve::explorer;

/// GET `uri` with `host` (none when `None`) through the router: status, headers, body.
async fn get_as(uri: &str, host: Option<&str>) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::get(uri);
    if let Some(h) = host {
        req = req.header("host", h);
    }
    let resp = serve::router(explorer())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Only the loopback names (with or without a port) are answered: another `Host`, as a
/// DNS-rebinding page sends, gets 421 with a French message; no `Host` gets 400.
#[tokio::test]
async fn requests_for_another_host_are_refused() {
    let uri = "/api/query?format=csv&sql=SELECT%201%20AS%20x";
    for host in [
        "localhost",
        "localhost:8080",
        "127.0.0.1:51234",
        "[::1]:8080",
        "[::1]",
    ] {
        let (status, _, body) = get_as(uri, Some(host)).await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
        assert_eq!(body, "x\n1\n");
    }
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example:8080",
        "127.0.0.1.nip.io",
        "192.168.1.10:8080",
    ] {
        let (status, _, body) = get_as(uri, Some(host)).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert_eq!(
            body,
            format!(
                "hôte « {host} » refusé : l'explorateur ne répond qu'aux adresses localhost, 127.0.0.1, [::1] (protection contre les pages qui se font passer pour lui)\n"
            )
        );
    }
    // A URL in absolute form names its host too.
    let (status, _, _) = get_as(
        "http://evil.example/api/query?format=csv&sql=SELECT%201",
        Some("localhost"),
    )
    .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    let (status, _, body) = get_as(uri, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.starts_with("en-tête Host manquant"), "{body}");
    // The address given to --host is answered too.
    let app = serve::router_for(
        explorer(),
        serve::AllowedHosts::with("10.1.2.3".parse().unwrap()),
    );
    let resp = app
        .oneshot(
            Request::get(uri)
                .header("host", "10.1.2.3:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

/// Every answer — page, download, asset, error, refusal — says nosniff, forbids framing and
/// restricts what pages may load.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for (uri, host) in [
        ("/?departement=17&year=2022", "localhost"),
        ("/assets/app.js", "localhost"),
        ("/api/query?format=csv&sql=SELECT%201", "localhost"),
        ("/nowhere", "localhost"),
        ("/", "evil.example"),
    ] {
        let (_, headers, _) = get_as(uri, Some(host)).await;
        let h = |name: &str| {
            headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("{uri}: no {name}"))
        };
        assert_eq!(h("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(h("x-frame-options"), "DENY", "{uri}");
        let csp = h("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert!(csp.starts_with("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{uri}: {csp}");
    }
}

/// Functions that would build a huge value are refused at once with 422 and a French message
/// naming the function, on the API, the SQL page and downloads; nothing is allocated (a value
/// of 9 000 billion bytes would abort the test process).
#[tokio::test]
async fn huge_values_are_refused_with_422() {
    for (sql, function) in [
        ("SELECT%20repeat('x',%202000000000)", "repeat"),
        ("SELECT%20length(repeat('x',%209000000000000))", "repeat"),
        ("SELECT%20lpad('x',%202000000000)", "lpad"),
        ("SELECT%20array_repeat(1,%202000000000)", "array_repeat"),
        (
            "SELECT%20generate_series(1,%202000000000)",
            "generate_series",
        ),
        (
            "WITH%20a%20AS%20(SELECT%20repeat('x',%2040000000)%20s)%20SELECT%20s%20%7C%7C%20s%20FROM%20a",
            "||",
        ),
    ] {
        for uri in [
            format!("/api/query?format=csv&sql={sql}"),
            format!("/sql/download?format=csv-fr&sql={sql}"),
        ] {
            let (status, _, body) = get_as(&uri, Some("localhost")).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
            assert!(
                body.starts_with(&format!(
                    "requête : {function} : valeur trop grande refusée (environ "
                )),
                "{uri}: {body}"
            );
            assert!(
                body.contains("au plus 67\u{a0}108\u{a0}864 par lot de lignes"),
                "{body}"
            );
        }
        let (status, _, page) = get_as(&format!("/sql?sql={sql}"), Some("localhost")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("valeur trop grande refusée"), "{page}");
    }
}

/// The explorer on a free loopback port of a runtime of its own, within `limits`.
fn start(limits: Limits) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    let ex = explorer();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(serve::serve_with(
            ex,
            "127.0.0.1:0".parse().unwrap(),
            limits,
            move |addr| tx.send(addr).unwrap(),
        ))
        .unwrap();
    });
    rx.recv().unwrap()
}

const REAL: &str = "GET /api/query?format=csv&sql=SELECT%20name%20FROM%20territories%20WHERE%20code%20=%20'61' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

/// Send `REAL` on a new connection and read the whole answer.
fn real_request(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(REAL.as_bytes()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp
}

/// Whether the server closed `s` (end of stream or reset) before `wait`.
fn closed_by_server(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

/// A client that sends half a request head, or nothing, is disconnected after the header-read
/// timeout; others are answered meanwhile.
#[test]
fn slow_and_idle_clients_are_disconnected() {
    let addr = start(Limits {
        header_read_timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
    let mut idle = TcpStream::connect(addr).unwrap();
    // A kept-alive connection that asks once, then stays silent.
    let mut kept = TcpStream::connect(addr).unwrap();
    kept.write_all(REAL.replace("Connection: close\r\n", "").as_bytes())
        .unwrap();
    assert!(real_request(addr).ends_with("name\nOrne\n"));
    for (what, s) in [
        ("slow", &mut slow),
        ("idle", &mut idle),
        ("kept", &mut kept),
    ] {
        assert!(
            closed_by_server(s, Duration::from_secs(30)),
            "{what}: still open after 30 s"
        );
    }
}

/// With every place taken by idle connections, a real request is still answered at once: the
/// oldest idle connection is closed to make room, long before its header-read timeout.
#[test]
fn a_real_request_is_answered_while_idle_connections_fill_the_cap() {
    let addr = start(Limits {
        max_connections: 8,
        header_read_timeout: Duration::from_secs(600),
        ..Limits::default()
    });
    let mut idle: Vec<TcpStream> = (0..20)
        .map(|i| {
            let mut s = TcpStream::connect(addr).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            }
            s
        })
        .collect();
    let resp = real_request(addr);
    assert!(resp.starts_with("HTTP/1.1 200 OK"), "{resp}");
    assert!(resp.ends_with("name\nOrne\n"), "{resp}");
    // At most 8 connections stay open on the server's side: the 12 oldest idle ones at least
    // were closed (the header-read timeout, 600 s, closed none).
    let closed = idle
        .iter_mut()
        .map(|s| closed_by_server(s, Duration::from_millis(500)))
        .filter(|&c| c)
        .count();
    assert!(closed >= 12, "{closed} idle connections closed");
}

/// A client that stops reading its answer is disconnected after the write timeout.
#[test]
fn a_client_that_reads_nothing_is_disconnected() {
    let addr = start(Limits {
        write_timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    let mut s = TcpStream::connect(addr).unwrap();
    // About 24 MB of answer: more than the sockets' buffers hold.
    s.write_all(
        b"GET /api/query?format=csv&sql=SELECT%20repeat('x',%201200)%20AS%20t%20FROM%20range(20000) HTTP/1.1\r\nHost: localhost\r\n\r\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_secs(5));
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut total = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => total += n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("after {total} bytes: {e}"),
        }
    }
    assert!(total < 20000 * 1201, "the whole answer came: {total} bytes");
}

const RECURSIVE: &str =
    "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT count(*) FROM t";

/// `query --timeout` stops a query that would run forever, with a French message and exit 2.
#[test]
fn query_timeout_stops_an_unbounded_recursive_query() {
    let out = depbench(&["query", "--timeout", "2s", RECURSIVE]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "erreur : requête : délai de 2 s dépassé ; la requête a été interrompue\n"
    );
    assert!(out.stdout.is_empty());
    let out = depbench(&["query", "--timeout", "trente", "SELECT 1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("durée « trente » illisible"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The same limit holds for huge values in `depbench query`: refused, exit 2, French message.
#[test]
fn query_refuses_huge_values() {
    let out = depbench(&["query", "SELECT repeat('x', 2000000000)"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("erreur : requête : repeat : valeur trop grande refusée (environ 2\u{a0}000\u{a0}000\u{a0}000 octets"),
        "{err}"
    );
}

/// Ctrl-C (SIGINT) stops the running query of `depbench query` with a French message and exit
/// 2, and in the shell brings back the prompt, which answers the next statement.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_query_not_the_shell() {
    use std::process::{Command, Stdio};
    let interrupt = |pid: u32| {
        let ok = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    };
    let cmd = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depbench"));
        c.args(args)
            .current_dir(crate::common::root())
            .env(
                "DEPBENCH_CACHE",
                std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };
    let child = cmd(&["query", RECURSIVE]).spawn().unwrap();
    // Loading the catalogue comes first; the query then runs forever.
    std::thread::sleep(Duration::from_secs(5));
    interrupt(child.id());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "erreur : requête : interrompue (Ctrl-C)\n"
    );
    assert_eq!(out.status.code(), Some(2));

    let mut shell = cmd(&["shell"]).stdin(Stdio::piped()).spawn().unwrap();
    let mut stdin = shell.stdin.take().unwrap();
    writeln!(stdin, "{RECURSIVE};").unwrap();
    std::thread::sleep(Duration::from_secs(5));
    interrupt(shell.id());
    std::thread::sleep(Duration::from_millis(500));
    writeln!(stdin, "SELECT 40 + 2 AS answer;").unwrap();
    writeln!(stdin, "\\q").unwrap();
    drop(stdin);
    let out = shell.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("erreur : requête : interrompue (Ctrl-C)"),
        "{stderr}"
    );
    assert!(stdout.contains("42"), "{stdout}");
}
