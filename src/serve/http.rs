//! The little HTTP/1.1 the preview needs: read a GET or HEAD request, answer it, close.
//! Requests are parsed by `httparse`; responses are written here because the reload channel
//! (server-sent events) must stream, which the small HTTP server crates do not do.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request's method and its path, percent-decoded, with the query apart.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub head_only: bool,
    pub path: String,
    pub query: String,
}

/// Why a request is not answered with content.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    BadRequest,
    Method,
    /// `..`, `.`, a backslash or a NUL in the path: nothing outside the site is served.
    Forbidden,
}

const MAX_HEAD: usize = 16 * 1024;

/// Reads one request's head from `stream`.
pub fn read_request(stream: &mut TcpStream) -> io::Result<Result<Request, Refusal>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let method = req.method.unwrap_or_default();
                let target = req.path.unwrap_or_default();
                return Ok(parse_target(method, target));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => continue,
            _ => return Ok(Err(Refusal::BadRequest)),
        }
    }
}

/// The method and target of a request line, checked.
pub fn parse_target(method: &str, target: &str) -> Result<Request, Refusal> {
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(Refusal::Method),
    };
    if !target.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = crate::url::percent_decode(raw_path).ok_or(Refusal::BadRequest)?;
    let unsafe_segment = path
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains('\\') || s.contains('\0'));
    if unsafe_segment {
        return Err(Refusal::Forbidden);
    }
    Ok(Request {
        head_only,
        path,
        query: query.to_string(),
    })
}

/// A query parameter's decoded value.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| crate::url::percent_decode(&v.replace('+', " ")))?
    })
}

/// The media type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |x| x.1);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "geojson" => "application/geo+json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// Writes a whole response and closes the exchange (`Connection: close`). Nothing is cached:
/// the preview changes under the browser.
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra_headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in extra_headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Starts an event stream: the head, then events as they come (see [`event`]).
pub fn start_events(stream: &mut TcpStream) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()
}

/// One server-sent event; `data` may hold newlines.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        for t in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/a/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fsite.toml",
            "/a/./b",
            "/a%5c..%5csite.toml",
            "/a%00.html",
        ] {
            assert_eq!(parse_target("GET", t), Err(Refusal::Forbidden), "{t}");
        }
        assert_eq!(parse_target("POST", "/"), Err(Refusal::Method));
        assert_eq!(parse_target("GET", "/%zz"), Err(Refusal::BadRequest));
        assert_eq!(parse_target("GET", "http://x/"), Err(Refusal::BadRequest));
        let r = parse_target("HEAD", "/%D0%94%D1%96%D1%8F/?path=%2Fa%2F").unwrap();
        assert!(r.head_only);
        assert_eq!(r.path, "/Дія/");
        assert_eq!(query_param(&r.query, "path").as_deref(), Some("/a/"));
    }

    #[test]
    fn events_carry_every_line() {
        assert_eq!(event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }
}
