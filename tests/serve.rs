//! `hromada serve`: a real server on a free loopback port, a real event stream, real edits.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::*;

/// The server process; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hromada"))
        .args(["serve", "--port", "0", "--now", NOW, "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        // The preview speaks Ukrainian (the default): the browser test reads its panel.
        .env_remove("HROMADA_LANG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut server = Server { child, port: 0 };
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server said where it serves");
        // «Сайт відкрито на http://127.0.0.1:PORT/ …» (or "Serving http://…" in English).
        if let Some((_, rest)) = line.split_once("http://127.0.0.1:") {
            server.port = rest.split('/').next().unwrap().parse().unwrap();
            // Keep reading its messages so that it never blocks on a full pipe.
            std::thread::spawn(move || while rx.recv().is_ok() {});
            return server;
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// One request exactly as written (the path is sent as it is, `..` and all).
fn get(port: u16, target: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A browser tab's event stream: (event, data) as they arrive.
fn events(port: u16, page: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__hromada/events?path={page} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let (mut name, mut data) = (String::new(), Vec::new());
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push(d.to_string());
            } else if line.is_empty() && !name.is_empty() {
                if tx.send((name.clone(), data.join("\n"))).is_err() {
                    return;
                }
                name.clear();
                data.clear();
            }
        }
    });
    rx
}

/// The data of the next `name` event (others are skipped), within a minute.
fn next(rx: &Receiver<(String, String)>, name: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (n, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `{name}` event"));
        if n == name {
            return serde_json::from_str(&data).unwrap();
        }
    }
}

#[test]
fn edits_reload_errors_show_and_clear() {
    let site = example_site();
    let root = site.path();
    let server = start(root);
    let port = server.port;
    let page = "/instruktsii/diia-pidpys/";

    let first = get(port, page);
    assert_eq!(first.status, 200);
    assert!(
        first
            .head
            .contains("Content-Type: text/html; charset=utf-8")
    );
    assert!(
        first
            .body
            .contains("<script src=\"/__hromada/live.js\" defer></script></body>")
    );
    assert_eq!(get(port, "/__hromada/live.js").status, 200);
    let tab = events(port, page);
    // Give the server a moment to register the stream before the edit.
    std::thread::sleep(Duration::from_millis(300));

    // An edit to the page's text: the tab is told to reload, and the page is new.
    let file = "content/instruktsii/diia-pidpys.md";
    let text = read(root, file);
    write(
        root,
        file,
        &format!("{text}\nЦей абзац додано під час перегляду.\n"),
    );
    let reload = next(&tab, "reload");
    let pages: Vec<&str> = reload["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(pages.contains(&page), "{reload}");
    assert!(
        get(port, page)
            .body
            .contains("Цей абзац додано під час перегляду.")
    );

    // A broken YAML file: the tab gets the errors (file, line, column, message, snippet);
    // the last good pages stay served.
    let venues = read(root, "data/venues.yaml");
    let broken = venues.replacen("printing]", "printing", 1);
    assert_ne!(broken, venues);
    write(root, "data/venues.yaml", &broken);
    let report = next(&tab, "errors");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(
        report["lang"], "uk",
        "the panel speaks the messages' language"
    );
    let e = &errors[0];
    assert_eq!(e["code"], "E0101");
    assert_eq!(e["file"], "data/venues.yaml");
    assert_eq!(e["line"], 18);
    assert_eq!(e["column"], 16);
    // In Ukrainian, the default, with the parser's complaint in words.
    assert_eq!(
        e["message"],
        "цей YAML не читається: не знайдено очікуваної ',' або ']'"
    );
    assert!(
        e["snippet"]
            .as_str()
            .unwrap()
            .contains("accessibility: [step-free")
    );
    let still = get(port, page);
    assert_eq!(still.status, 200);
    assert!(still.body.contains("Цей абзац додано під час перегляду."));
    let status: serde_json::Value =
        serde_json::from_str(&get(port, "/__hromada/status").body).unwrap();
    assert_eq!(status["errors"]["errors"][0]["code"], "E0101");
    // A tab opened now is told at once.
    let late = events(port, "/");
    assert_eq!(next(&late, "errors")["errors"][0]["line"], 18);

    // Fixed: the errors clear.
    write(root, "data/venues.yaml", &venues);
    next(&tab, "ok");
    let status: serde_json::Value =
        serde_json::from_str(&get(port, "/__hromada/status").body).unwrap();
    assert!(status["errors"].is_null(), "{status}");
    assert_eq!(get(port, page).status, 200);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = example_site();
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "ТАЄМНИЦЯ").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        root.join("static/secret.txt"),
    )
    .unwrap();
    let server = start(root);
    let port = server.port;
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/instruktsii/..%2f..%2fsite.toml",
        "/a%5c..%5csite.toml",
    ] {
        let r = get(port, target);
        assert_eq!(r.status, 403, "{target}");
        assert!(!r.body.contains("base_url"), "{target}");
    }
    let r = get(port, "/secret.txt");
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("ТАЄМНИЦЯ"));
    // Folders redirect to their address with a slash; unknown paths get the site's 404.
    let r = get(port, "/instruktsii");
    assert_eq!(r.status, 301);
    assert!(r.head.contains("Location: /instruktsii/"));
    let r = get(port, "/nemaie/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("__hromada/live.js"));
    // The preview's service worker only removes itself.
    assert!(get(port, "/sw.js").body.contains("unregister"));
}

#[test]
fn the_reload_script_in_a_real_browser() {
    if !browser_tools("the_reload_script_in_a_real_browser") {
        return;
    }
    let site = example_site();
    let root = site.path();
    let server = start(root);
    let shots = repo().join("target/browser-shots");
    let out = Command::new("node")
        .arg(repo().join("tests/browser/check-live.mjs"))
        .args(["--url", &format!("http://127.0.0.1:{}", server.port)])
        .arg("--root")
        .arg(root)
        .args(["--page", "/instruktsii/diia-pidpys/", "--shots"])
        .arg(&shots)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shots.join("live-errors-360.png").is_file());
}
