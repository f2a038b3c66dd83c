//! The little HTTP/1.1 the preview needs: read a GET or HEAD request, answer it, close.
//!
//! A request head is parsed by [`parse_head`], a pure function of the bytes received so far
//! (built on `httparse`; a fuzz target feeds it arbitrary bytes), while [`Pending`] reads
//! those bytes from a non-blocking socket, so that a client that sends nothing holds no
//! thread. Responses are written here because the reload channel (server-sent events) must
//! stream, which the small HTTP server crates do not do; every write has a deadline, so that
//! a client that stops reading cannot hold a thread either.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A request's method and its path, percent-decoded, with the query apart.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub head_only: bool,
    pub path: String,
    pub query: String,
    /// The `Host` header as sent (empty without one).
    pub host: String,
}

/// Why a request is not answered with content.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    BadRequest,
    Method,
    /// `..`, `.`, a backslash or a NUL in the path: nothing outside the site is served.
    Forbidden,
    /// A head longer than [`MAX_HEAD`] bytes or with more than [`MAX_HEADERS`] fields.
    TooLarge,
}

impl Refusal {
    /// The status and the plain-text body that answer this refusal.
    pub fn answer(&self) -> (u16, &'static str) {
        match self {
            Refusal::BadRequest => (400, "Bad request\n"),
            Refusal::Method => (405, "Only GET and HEAD\n"),
            Refusal::Forbidden => (403, "Forbidden: the path leaves the site\n"),
            Refusal::TooLarge => (431, "The request head is too large\n"),
        }
    }
}

/// What the bytes received so far make of a request head.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseResult {
    /// The head is whole and asks for something that may be looked up.
    Complete(Request),
    /// The head is not whole yet: more bytes are needed.
    Partial,
    /// The head is whole but refused, or it can never become a valid head.
    Refused(Refusal),
}

/// The longest request head read; a longer one is refused.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header fields a head may have.
pub const MAX_HEADERS: usize = 64;
/// How long one write may wait for a client that does not read.
pub const WRITE_STALL: Duration = Duration::from_secs(10);
/// How long a whole response (head and body) may take to send.
pub const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);

/// Parses the bytes received so far of a request head (anything after the head is
/// ignored). Never panics, whatever the bytes: it only slices with `get` and leaves the
/// syntax to `httparse` and the percent-decoding to [`crate::url::percent_decode`].
pub fn parse_head(bytes: &[u8]) -> ParseResult {
    let head = bytes.get(..MAX_HEAD).unwrap_or(bytes);
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(head) {
        Ok(httparse::Status::Complete(_)) => {
            let method = req.method.unwrap_or_default();
            let target = req.path.unwrap_or_default();
            let host = req
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("host"))
                .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                .unwrap_or_default();
            match parse_target(method, target) {
                Ok(request) => ParseResult::Complete(Request { host, ..request }),
                Err(refusal) => ParseResult::Refused(refusal),
            }
        }
        Ok(httparse::Status::Partial) if bytes.len() < MAX_HEAD => ParseResult::Partial,
        Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
            ParseResult::Refused(Refusal::TooLarge)
        }
        Err(_) => ParseResult::Refused(Refusal::BadRequest),
    }
}

/// A connection whose request head is still arriving, read without blocking.
pub struct Pending {
    pub stream: TcpStream,
    buf: Vec<u8>,
    /// When the whole head must have arrived.
    pub deadline: Instant,
}

/// What reading a [`Pending`] connection came to.
pub enum Step {
    /// Nothing more has arrived for now.
    Waiting,
    /// The head is whole: the request, or why it is refused.
    Done(Result<Request, Refusal>),
    /// The client closed the connection, or it failed, before the head was whole.
    Gone,
}

impl Pending {
    /// Makes `stream` non-blocking and starts waiting for its head until `deadline`.
    pub fn new(stream: TcpStream, deadline: Instant) -> io::Result<Self> {
        stream.set_nonblocking(true)?;
        Ok(Self {
            stream,
            buf: Vec::new(),
            deadline,
        })
    }

    /// How many bytes of the head have arrived.
    pub fn received(&self) -> usize {
        self.buf.len()
    }

    /// Reads what has arrived (never waits) and parses the head with [`parse_head`].
    pub fn read_request(&mut self) -> Step {
        let mut chunk = [0u8; 4096];
        loop {
            // `parse_head` refuses a head of MAX_HEAD bytes, so there is always room here.
            let room = MAX_HEAD
                .saturating_sub(self.buf.len())
                .clamp(1, chunk.len());
            let into = chunk.get_mut(..room).unwrap_or_default();
            match self.stream.read(into) {
                Ok(0) => return Step::Gone,
                Ok(n) => {
                    self.buf
                        .extend_from_slice(into.get(..n).unwrap_or_default());
                    match parse_head(&self.buf) {
                        ParseResult::Partial => continue,
                        ParseResult::Complete(request) => return Step::Done(Ok(request)),
                        ParseResult::Refused(refusal) => return Step::Done(Err(refusal)),
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Step::Waiting,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Step::Gone,
            }
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
        host: String::new(),
    })
}

/// Whether a `Host` header names this computer (`127.0.0.1`, `localhost`, `[::1]`, with
/// any port), or is missing. A web page elsewhere that resolves its own name to 127.0.0.1
/// (DNS rebinding) sends its own name, and is refused.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    };
    host.is_empty()
        || name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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

/// The head of a response that closes the exchange (`Connection: close`). Nothing is
/// cached: the preview changes under the browser.
fn response_head(
    status: u16,
    content_type: &str,
    extra_headers: &[(&str, &str)],
    length: usize,
) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
    );
    for (k, v) in extra_headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// Writes a whole response on a blocking stream, within [`RESPONSE_DEADLINE`] in all and
/// [`WRITE_STALL`] for each write.
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra_headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let deadline = Instant::now() + RESPONSE_DEADLINE;
    let head = response_head(status, content_type, extra_headers, body.len());
    write_by(stream, head.as_bytes(), deadline)?;
    if !head_only {
        write_by(stream, body, deadline)?;
    }
    Ok(())
}

/// Answers at once with a short plain-text response on a non-blocking stream (a busy
/// server, a head that came too slowly): what does not fit in the socket's buffer is
/// dropped, nothing waits for the client.
pub fn respond_now(
    stream: &mut TcpStream,
    status: u16,
    extra_headers: &[(&str, &str)],
    text: &str,
) {
    let mut bytes = response_head(
        status,
        "text/plain; charset=utf-8",
        extra_headers,
        text.len(),
    )
    .into_bytes();
    bytes.extend_from_slice(text.as_bytes());
    let _ = stream.write_all(&bytes);
}

/// Writes all of `bytes` on a blocking stream by `deadline`; each write waits for the
/// client at most [`WRITE_STALL`].
pub fn write_by(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_STALL)))?;
        match stream.write(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = rest.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Starts an event stream: the head, then events as they come (see [`event`]).
pub fn start_events(stream: &mut TcpStream) -> io::Result<()> {
    write_by(
        stream,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
        Instant::now() + WRITE_STALL,
    )
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
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
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
    fn only_this_computer_is_a_host() {
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "127.1.2.3",
            "",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "192.168.1.5:8000",
            "localhost.evil.example",
            "[::2]:80",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn heads_are_complete_partial_or_refused() {
        let whole = b"GET /a/?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        let request = Request {
            head_only: false,
            path: "/a/".into(),
            query: "x=1".into(),
            host: "127.0.0.1".into(),
        };
        assert_eq!(parse_head(whole), ParseResult::Complete(request));
        // Every shorter prefix asks for more.
        for end in 0..whole.len() {
            assert_eq!(parse_head(&whole[..end]), ParseResult::Partial, "{end}");
        }
        assert_eq!(
            parse_head(b"GET /../x HTTP/1.1\r\n\r\n"),
            ParseResult::Refused(Refusal::Forbidden)
        );
        assert_eq!(
            parse_head(b"PUT / HTTP/1.1\r\n\r\n"),
            ParseResult::Refused(Refusal::Method)
        );
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nHo st: x\r\n\r\n"),
            ParseResult::Refused(Refusal::BadRequest)
        );
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(
            parse_head(long.as_bytes()),
            ParseResult::Refused(Refusal::TooLarge)
        );
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(
            parse_head(many.as_bytes()),
            ParseResult::Refused(Refusal::TooLarge)
        );
    }

    /// A small stand-in for the fuzz target: random bytes, and random edits of real heads,
    /// never make the parser panic.
    #[test]
    fn any_bytes_are_parsed_without_panic() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"GETHAD /%.?=&\\\r\n:\0\xd0\x94\xff0aF";
        let real = b"GET /%D0%94/a%2e%2E/?path=%2F HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        for round in 0..20_000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                let len = (next() % 80) as usize;
                (0..len)
                    .map(|_| {
                        let r = next();
                        if r % 4 == 0 {
                            r as u8
                        } else {
                            alphabet[(r >> 8) as usize % alphabet.len()]
                        }
                    })
                    .collect()
            } else {
                let mut b = real.clone();
                for _ in 0..(next() % 4) {
                    let at = next() as usize % b.len();
                    b[at] = alphabet[next() as usize % alphabet.len()];
                }
                b
            };
            let _ = parse_head(&bytes);
        }
    }

    #[test]
    fn events_carry_every_line() {
        assert_eq!(event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }
}
