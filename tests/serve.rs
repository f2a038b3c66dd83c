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
    /// What it printed after its address, line by line (with `HROMADA_TIMING`'s laps).
    log: Receiver<String>,
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
        .env("HROMADA_TIMING", "1")
        // The preview speaks Ukrainian (the default): the browser test reads its panel.
        .env_remove("HROMADA_LANG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server never said where it serves");
        };
        // «Сайт відкрито на http://127.0.0.1:PORT/ …» (or "Serving http://…" in English).
        if let Some((_, rest)) = line.split_once("http://127.0.0.1:") {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            // Its messages keep being read (into the channel), so it never blocks on a
            // full pipe.
            return Server {
                child,
                port,
                log: rx,
            };
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
    assert_eq!(e["line"], 19);
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
    assert_eq!(next(&late, "errors")["errors"][0]["line"], 19);

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
    // Folders redirect to their address with a slash; unknown paths get the site's 404.
    let r = get(port, "/instruktsii");
    assert_eq!(r.status, 301);
    assert!(r.head.contains("Location: /instruktsii/"));
    let r = get(port, "/nemaie/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("__hromada/live.js"));
    // The preview's service worker only removes itself.
    assert!(get(port, "/sw.js").body.contains("unregister"));

    // A link in static/ to a file outside the site, added while it is served: whether the
    // build refuses the link (an error, the last good site stays served: 404) or copies
    // it (the server refuses to read outside the site: 403), the secret is never served.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "ТАЄМНИЦЯ").unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            root.join("static/secret.txt"),
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let r = get(port, "/secret.txt");
            assert!(matches!(r.status, 403 | 404), "{}", r.status);
            assert!(!r.body.contains("ТАЄМНИЦЯ"));
            let status: serde_json::Value =
                serde_json::from_str(&get(port, "/__hromada/status").body).unwrap();
            if r.status == 403 || !status["errors"].is_null() || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

#[test]
fn the_reload_script_in_a_real_browser() {
    require_browser("the_reload_script_in_a_real_browser");
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

/// The soft limit on open files of this process (from /proc on Linux), else a common one.
fn open_file_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(1024)
}

/// `get`, timed.
fn timed_get(port: u16, target: &str) -> (u16, Duration) {
    let started = Instant::now();
    let status = get(port, target).status;
    (status, started.elapsed())
}

/// The server keeps at most 512 connections waiting for their request head, closing the
/// oldest for a new one: ~2,000 idle sockets neither stop it nor lock a real request out.
#[test]
fn idle_connections_do_not_lock_out_a_request() {
    let site = example_site();
    let mut server = start(site.path());
    let port = server.port;
    // Well above the server's caps (512 waiting + 256 requests + 64 event streams), within
    // this process's own limit on open files.
    let count = 2000.min(open_file_limit().saturating_sub(200));
    if count <= 600 {
        eprintln!("skipped: the limit on open files ({count}) is below the server's caps");
        return;
    }
    let started = Instant::now();
    // A short pause now and then lets the server's accepting thread keep up on a busy
    // machine: the kernel's listen queue holds 128, and a connection it drops is retried
    // only after a second.
    let idle: Vec<TcpStream> = (0..count)
        .map(|i| {
            if i % 32 == 0 {
                std::thread::sleep(Duration::from_millis(2));
            }
            TcpStream::connect(("127.0.0.1", port)).unwrap()
        })
        .collect();
    eprintln!("{count} idle connections opened in {:?}", started.elapsed());

    let (status, took) = timed_get(port, "/");
    eprintln!("a request among them answered in {took:?}");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server is still running"
    );

    drop(idle);
    let (status, took) = timed_get(port, "/instruktsii/diia-pidpys/");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(server.child.try_wait().unwrap().is_none());
}

/// A client that sends its request one byte a second is cut off when the 10-second
/// deadline for the whole head passes, however steadily it trickles; others are served
/// meanwhile.
#[test]
fn a_slow_client_is_cut_off_while_others_are_served() {
    let site = example_site();
    let server = start(site.path());
    let port = server.port;

    let started = Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        // 60 bytes: a minute at this pace.
        for b in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: very-slow-client\r\n\r\n" {
            if writer.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });

    std::thread::sleep(Duration::from_secs(2));
    let (status, took) = timed_get(port, "/");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(2), "{took:?}");

    let mut bytes = Vec::new();
    match slow.read_to_end(&mut bytes) {
        Ok(_) => {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                text.is_empty() || text.starts_with("HTTP/1.1 408 "),
                "{text}"
            );
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    let cut_after = started.elapsed();
    eprintln!("the slow client was cut off after {cut_after:?}");
    assert!(cut_after < Duration::from_secs(15), "{cut_after:?}");
    assert!(cut_after >= Duration::from_secs(9), "{cut_after:?}");
    let _ = slow.shutdown(std::net::Shutdown::Both);
    trickle.join().unwrap();
}

/// 200 requests at once (below the cap of 256 answered at once) are all answered.
#[test]
fn two_hundred_parallel_requests_are_answered() {
    let site = example_site();
    let server = start(site.path());
    let port = server.port;
    let targets = [
        "/",
        "/instruktsii/diia-pidpys/",
        "/__hromada/live.js",
        "/__hromada/status",
    ];
    let together = std::sync::Arc::new(std::sync::Barrier::new(200));
    let started = Instant::now();
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let together = std::sync::Arc::clone(&together);
            std::thread::spawn(move || {
                together.wait();
                timed_get(port, targets[i % targets.len()])
            })
        })
        .collect();
    let answers: Vec<(u16, Duration)> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let slowest = answers.iter().map(|a| a.1).max().unwrap();
    eprintln!(
        "200 parallel requests answered in {:?} (the slowest in {slowest:?})",
        started.elapsed()
    );
    assert!(answers.iter().all(|a| a.0 == 200), "{answers:?}");
    assert!(slowest < Duration::from_secs(10), "{slowest:?}");
}

/// A file exactly as served, with the preview's reload script taken out of pages.
fn served_bytes(port: u16, target: &str) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    if !bytes.starts_with(b"HTTP/1.1 200") {
        return None;
    }
    let body = bytes.split_off(at);
    let script = b"<script src=\"/__hromada/live.js\" defer></script>";
    match body.windows(script.len()).rposition(|w| w == script) {
        Some(i) if target.ends_with(".html") => {
            Some([&body[..i], &body[i + script.len()..]].concat())
        }
        _ => Some(body),
    }
}

/// The first file that the preview serves differently from `clean`, the output of a
/// clean build for the same address; `None` when every file is the same. The service
/// worker is the preview's own (one that unregisters itself).
fn first_difference(port: u16, clean: &Path) -> Option<String> {
    for rel in files_below(clean) {
        let rel = rel.to_str().unwrap().replace('\\', "/");
        if rel == "sw.js" || rel == ".hromada-output" {
            continue;
        }
        let want = std::fs::read(clean.join(&rel)).unwrap();
        if served_bytes(port, &format!("/{rel}")).as_deref() != Some(&want[..]) {
            return Some(rel);
        }
    }
    None
}

/// Whether the preview models only what the step changed (`Some(true)`), the whole site
/// again (`Some(false)`), or either may be right (`None`).
fn remodelled_alone(step: &str) -> Option<bool> {
    match step {
        "a page's text" | "a section's text" | "the home page's text" => Some(true),
        "a venue's name" | "a venue's opening hours" | "an event's title" => Some(true),
        "a page's title" | "a page added" | "a page renamed" | "an event file added" => Some(false),
        "site.toml" | "an e-service's name" | "the theme's base template" => Some(false),
        _ => None,
    }
}

#[test]
fn what_is_served_after_each_kind_of_edit_is_a_clean_build() {
    let site = example_site();
    let root = site.path();
    let server = start(root);
    let port = server.port;
    let base = format!("http://127.0.0.1:{port}/");
    let out = tempfile::tempdir().unwrap();
    let mut previous_pages: Vec<std::path::PathBuf> = Vec::new();
    for (step, change, _) in common::edits::steps() {
        change(root);
        let copy = common::edits::fresh_copy(root);
        let clean = out.path().join("clean");
        let _ = std::fs::remove_dir_all(&clean);
        let built = hromada(&[
            "build",
            "--root",
            copy.path().to_str().unwrap(),
            "--out",
            clean.to_str().unwrap(),
            "--now",
            NOW,
            "--base-url",
            &base,
        ]);
        assert_eq!(built.code, 0, "{step}: {}", built.stderr);
        // The preview rebuilds after the watcher's pause; wait until it serves the same.
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut differs = first_difference(port, &clean);
        while differs.is_some() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            differs = first_difference(port, &clean);
        }
        assert_eq!(
            differs, None,
            "{step}: served differently from a clean build"
        );
        // The edits that change only pages' texts or the registries are re-modelled alone.
        let log: Vec<String> = server.log.try_iter().collect();
        let model = log.iter().rev().find(|l| l.starts_with("timing: model:"));
        if let Some(alone) = remodelled_alone(step) {
            let expected = if alone {
                "only what the edit changed"
            } else {
                "the whole site"
            };
            assert!(
                model.is_some_and(|l| l.contains(expected)),
                "{step}: expected «{expected}»; the server said {log:#?}"
            );
        }
        // A page the edit took away is no longer served.
        let pages: Vec<_> = files_below(&clean)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        for gone in previous_pages.iter().filter(|p| !pages.contains(p)) {
            let url = format!("/{}", gone.to_str().unwrap());
            assert_eq!(get(port, &url).status, 404, "{step}: {url} still served");
        }
        previous_pages = pages;
    }
}
