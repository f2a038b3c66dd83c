//! Answers one connection: a page or file of the served site, the reload script and its
//! stylesheet, the event stream, or the state of the last build.

use std::io::Read;
use std::net::TcpStream;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use super::http::{self, Refusal, Request};
use super::state::{Client, Shared};
use crate::render::Content;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const SCRIPT_TAG: &str = "<script src=\"/__hromada/live.js\" defer></script>";

/// The service worker of the preview: it removes itself and its caches, so that a worker
/// installed by an earlier visit to this address never serves stale pages.
const NO_WORKER: &str = "self.addEventListener(\"install\", function () { self.skipWaiting(); });\nself.addEventListener(\"activate\", function (e) {\n  e.waitUntil(caches.keys().then(function (keys) {\n    return Promise.all(keys.map(function (k) { return caches.delete(k); }));\n  }).then(function () { return self.registration.unregister(); }));\n});\n";

/// Sent while nothing has been built yet (the first build failed): the script shows why.
const NOTHING_YET: &str = "<!doctype html><html lang=\"uk\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>hromada serve</title></head><body><main><h1>Сайт ще не зібрано</h1><p>Виправте помилки, показані нижче і в терміналі: сторінка оновиться сама.</p></main></body></html>";

/// The address of the event stream a page of the preview listens on.
const EVENTS: &str = "/__hromada/events";

/// Whether `request` opens an event stream (long-lived: it has its own cap).
pub fn is_event_stream(request: &Request) -> bool {
    request.path == EVENTS
}

/// Answers one request whose head has been read, on a blocking stream.
pub fn handle(shared: &Shared, mut stream: TcpStream, request: Result<Request, Refusal>) {
    let request = match request {
        Ok(r) => r,
        Err(refusal) => {
            let (status, text) = refusal.answer();
            let _ = http::respond(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                &[],
                text.as_bytes(),
                false,
            );
            return;
        }
    };
    if !shared.any_host && !http::is_loopback_host(&request.host) {
        let _ = http::respond(
            &mut stream,
            403,
            "text/plain; charset=utf-8",
            &[],
            b"Forbidden: this preview answers only to 127.0.0.1 and localhost\n",
            false,
        );
        return;
    }
    let plain = |stream: &mut TcpStream, kind: &str, body: &[u8]| {
        let _ = http::respond(stream, 200, kind, &[], body, request.head_only);
    };
    match request.path.as_str() {
        "/__hromada/live.js" => plain(&mut stream, http::content_type("a.js"), LIVE_JS.as_bytes()),
        "/__hromada/live.css" => plain(
            &mut stream,
            http::content_type("a.css"),
            LIVE_CSS.as_bytes(),
        ),
        "/__hromada/status" => {
            let errors = shared.errors();
            let body = format!(
                "{{\"built\":{},\"errors\":{}}}",
                !shared.is_empty(),
                errors.as_deref().map_or("null", |e| e.as_str())
            );
            plain(&mut stream, "application/json", body.as_bytes());
        }
        EVENTS => events(shared, stream, &request),
        _ => file(shared, &mut stream, &request),
    }
}

/// A file of the served site. Only what the build produced is served: a path is looked up
/// in the output, never joined to a folder; files copied as they are (images, PDFs) must lie
/// inside the site's folder, after symlinks are resolved.
fn file(shared: &Shared, stream: &mut TcpStream, request: &Request) {
    let rel = &request.path[1..];
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if key == crate::render::SERVICE_WORKER {
        let _ = http::respond(
            stream,
            200,
            http::content_type(&key),
            &[],
            NO_WORKER.as_bytes(),
            request.head_only,
        );
        return;
    }
    let (status, key, content) = match shared.lookup(&key) {
        Some(c) => (200, key, c),
        None => {
            if shared.lookup(&format!("{key}/index.html")).is_some() {
                let mut to = format!("{}/", request.path);
                if !request.query.is_empty() {
                    to = format!("{to}?{}", request.query);
                }
                let _ = http::respond(stream, 301, "text/plain", &[("Location", &to)], b"", false);
                return;
            }
            match shared.lookup("404.html") {
                Some(c) => (404, "404.html".to_string(), c),
                None => (
                    404,
                    "404.html".into(),
                    Content::Bytes(NOTHING_YET.as_bytes().to_vec()),
                ),
            }
        }
    };
    let body = match content {
        Content::Bytes(b) => b,
        Content::Copy(path) => match read_inside(&shared.root, &path) {
            Some(b) => b,
            None => {
                let _ = http::respond(
                    stream,
                    403,
                    "text/plain; charset=utf-8",
                    &[],
                    b"Forbidden: the file lies outside the site\n",
                    request.head_only,
                );
                return;
            }
        },
    };
    let body = if key.ends_with(".html") {
        with_live_script(body)
    } else {
        body
    };
    let _ = http::respond(
        stream,
        status,
        http::content_type(&key),
        &[],
        &body,
        request.head_only,
    );
}

/// The bytes of a file copied as it is, if it resolves to a place inside `root`.
fn read_inside(root: &std::path::Path, path: &std::path::Path) -> Option<Vec<u8>> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then(|| std::fs::read(real).ok())?
}

/// An HTML page with the reload script before `</body>` (or at its end).
fn with_live_script(mut html: Vec<u8>) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, SCRIPT_TAG.bytes());
    html
}

/// The event stream of one browser tab: the errors of the last build at once if there are
/// any, then `reload`, `errors` and `ok` as builds happen, and a comment now and then. The
/// connection is checked every second, so that a closed tab frees its place at once.
fn events(shared: &Shared, mut stream: TcpStream, request: &Request) {
    let path = http::query_param(&request.query, "path").unwrap_or_else(|| "/".into());
    let page = path.trim_start_matches('/').to_string();
    if http::start_events(&mut stream).is_err() {
        return;
    }
    let (tx, rx) = channel();
    if let Some(errors) = shared.errors() {
        let _ = tx.send(http::event("errors", &errors));
    }
    shared.add_client(Client { page, tx });
    let mut last_sent = Instant::now();
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) if peer_gone(&mut stream) => return,
            Err(RecvTimeoutError::Timeout) if last_sent.elapsed() >= HEARTBEAT => {
                ": still here\n\n".to_string()
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let deadline = Instant::now() + http::WRITE_STALL;
        if http::write_by(&mut stream, message.as_bytes(), deadline).is_err() {
            return;
        }
        last_sent = Instant::now();
    }
}

/// How often an idle event stream gets a comment, so that proxies keep it open.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Whether the browser closed its end of an event stream. What it sends is read and
/// dropped (a little at a time: a client that keeps sending is still there).
fn peer_gone(stream: &mut TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 1024];
    let mut gone = false;
    for _ in 0..16 {
        match stream.read(&mut buf) {
            Ok(0) => {
                gone = true;
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => {
                gone = true;
                break;
            }
        }
    }
    stream.set_nonblocking(false).is_err() || gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>".to_vec();
        let out = String::from_utf8(with_live_script(html)).unwrap();
        assert!(
            out.ends_with(&format!("{SCRIPT_TAG}</BODY></html>")),
            "{out}"
        );
        let bare = String::from_utf8(with_live_script(b"<p>x".to_vec())).unwrap();
        assert_eq!(bare, format!("<p>x{SCRIPT_TAG}"));
    }
}
