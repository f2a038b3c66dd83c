//! `hromada serve`: the site built in memory and served on the loopback interface, rebuilt
//! when a file changes, with open pages reloaded over server-sent events and the build's
//! errors shown over the page while the last good site stays served.
//!
//! A change to a page's text or a registry record is shown in two passes: first the pages
//! open in a browser are rendered and laid over the served site (they reload at once), then
//! the whole site is rendered and replaces it. Settings and theme changes take the second
//! pass only. Nothing is written to disk: the output folder is left alone.
//!
//! Connections are bounded, so that no client, however hostile, can stop the server (see
//! SECURITY.md). One thread accepts connections and hands them to one thread that reads
//! request heads without blocking: a connection that sends nothing costs a socket, not a
//! thread. A head must be whole within [`Limits::head_deadline`] of the connection (a client
//! that trickles bytes is answered 408 and closed); when too many heads are waiting, the
//! oldest waiting connection is closed, so idle sockets can never lock a real request out.
//! A whole head gets a thread of its own, up to [`Limits::requests`] at once, or up to
//! [`Limits::event_streams`] for the long-lived event streams of open tabs; past either cap
//! the answer is 503 with `Retry-After`. Every write has a deadline too.

mod http;
mod live;
mod state;
pub mod watch;

use std::collections::VecDeque;
use std::io;
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread;
use std::time::{Duration, Instant};

use crate::model::BuildOptions;
use state::Shared;

/// The request-head parser, pure, for fuzzing: `parse_head(bytes)` says whether the bytes
/// received so far are a whole request, need more, or are refused.
pub use http::{MAX_HEAD, ParseResult, Refusal, Request, parse_head};

pub struct Options {
    pub root: PathBuf,
    pub build: BuildOptions,
    pub port: u16,
    /// Listen on every interface (a trusted LAN: a phone on the library's Wi-Fi), not only
    /// on 127.0.0.1.
    pub lan: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Serves until the process is stopped; returns only when it cannot start.
pub fn run(opts: Options) -> Result<(), String> {
    let root = opts.root.canonicalize().map_err(|e| {
        tr!(
            "cannot open the site's folder {}: {e}",
            "не вдається відкрити теку сайту {}: {e}",
            opts.root.display()
        )
        .into_string()
    })?;
    let ip = if opts.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let listener = TcpListener::bind((ip, opts.port)).map_err(|e| {
        tr!(
            "cannot listen on {ip}:{}: {e}; choose another port with --port",
            "не вдається слухати {ip}:{}: {e}; виберіть інший порт через --port",
            opts.port
        )
        .into_string()
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| {
            tr!(
                "cannot read the port: {e}",
                "не вдається дізнатися порт: {e}"
            )
            .into_string()
        })?
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let mut build = opts.build.clone();
    build.base_url = Some(url.clone());

    let mut shared = Shared::new(root.clone());
    shared.any_host = opts.lan;
    let shared = Arc::new(shared);
    let started = Instant::now();
    let mut kept = None;
    state::rebuild(&shared, &root, &build, None, &mut kept);
    eprintln!(
        "{}",
        tr!(
            "Serving {url} (built in {} ms). Watching {} for changes; Ctrl+C stops.",
            "Сайт відкрито на {url} (зібрано за {} мс). Стежу за змінами в {}; Ctrl+C зупиняє.",
            started.elapsed().as_millis(),
            root.display()
        )
    );
    if opts.lan {
        eprintln!(
            "{}",
            tr!(
                "Listening on every interface, port {port}: anyone on this network can open the preview.",
                "Слухаю на всіх мережевих інтерфейсах, порт {port}: перегляд може відкрити будь-хто в цій мережі."
            )
        );
    }

    let watch = watch::Watch::new(&root).map_err(|e| {
        tr!(
            "cannot watch {}: {e}",
            "не вдається стежити за {}: {e}",
            root.display()
        )
        .into_string()
    })?;
    listen(listener, Arc::clone(&shared), Limits::DEFAULT).map_err(|e| {
        tr!(
            "cannot start the server's threads: {e}",
            "не вдається запустити потоки сервера: {e}"
        )
        .into_string()
    })?;
    if opts.open {
        open_browser(&url);
    }
    while let Some(changed) = watch.next_change() {
        state::rebuild(&shared, &root, &build, Some(&changed), &mut kept);
    }
    Err(tr!("the file watcher stopped", "стеження за файлами зупинилося").into_string())
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(args).spawn() {
        eprintln!(
            "{}",
            tr!(
                "Could not open a browser ({program}: {e}); open {url} yourself.",
                "Не вдалося відкрити браузер ({program}: {e}); відкрийте {url} самі."
            )
        );
    }
}

/// The bounds on what clients may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections whose request head is still arriving; past it the oldest is closed.
    pub waiting: usize,
    /// Requests answered at once, each on its own thread.
    pub requests: usize,
    /// Event streams (open browser tabs) at once, each on its own thread.
    pub event_streams: usize,
    /// The time a client has, from its connection, to send its whole request head.
    pub head_deadline: Duration,
}

impl Limits {
    /// 512 + 256 + 64 sockets (+ 64 queued, see [`ACCEPT_QUEUE`]) stay below the common
    /// limit of 1,024 open files per process.
    pub const DEFAULT: Limits = Limits {
        waiting: 512,
        requests: 256,
        event_streams: 64,
        head_deadline: Duration::from_secs(10),
    };
}

/// Accepted connections queued between the accepting thread and the reading one; when the
/// queue is full, new connections wait in the kernel's backlog.
const ACCEPT_QUEUE: usize = 64;
/// New connections taken from the queue before the waiting ones are read again.
const ACCEPT_BATCH: usize = 64;
/// The pauses between rounds of reading the waiting heads: short while bytes arrive, longer
/// while every waiting client is silent.
const SHORT_PAUSE: Duration = Duration::from_millis(1);
const LONG_PAUSE: Duration = Duration::from_millis(25);
/// After an error accepting (no file descriptors left: EMFILE), a pause before trying again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// Serves `shared` on `listener` from two threads of its own; returns once they run.
pub(crate) fn listen(listener: TcpListener, shared: Arc<Shared>, limits: Limits) -> io::Result<()> {
    let (to_reader, accepted) = sync_channel(ACCEPT_QUEUE);
    thread::Builder::new()
        .name("hromada-serve-read".into())
        .spawn(move || read_heads(&shared, &accepted, limits))?;
    // Should this spawn fail, the reading thread sees its channel closed and ends.
    thread::Builder::new()
        .name("hromada-serve-accept".into())
        .spawn(move || accept(&listener, &to_reader))?;
    Ok(())
}

/// Accepts connections for ever: an error (a full file table, an aborted handshake) is
/// reported, at most once every ten seconds, and accepting goes on after a short pause.
fn accept(listener: &TcpListener, to_reader: &SyncSender<TcpStream>) {
    let mut complaint = Throttle::default();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                if to_reader.send(stream).is_err() {
                    return;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                ) => {}
            Err(e) => {
                if complaint.due() {
                    eprintln!(
                        "{}",
                        tr!(
                            "The preview cannot accept a connection: {e}; trying again.",
                            "Перегляд не може прийняти з'єднання: {e}; пробую знову."
                        )
                    );
                }
                thread::sleep(ACCEPT_PAUSE);
            }
        }
    }
}

/// Reads the request heads of accepted connections without blocking, and hands each whole
/// head to a thread of its own. A new connection is read at once (most clients send their
/// head with it); the ones still waiting are read again in rounds, often while bytes come,
/// less often while every one of them is silent.
fn read_heads(shared: &Arc<Shared>, accepted: &Receiver<TcpStream>, limits: Limits) {
    let slots = Slots::default();
    let mut complaints = Complaints::default();
    let mut waiting: VecDeque<http::Pending> = VecDeque::new();
    let mut still: VecDeque<http::Pending> = VecDeque::new();
    let mut pause = SHORT_PAUSE;
    let mut next_round = Instant::now();
    loop {
        let first = if waiting.is_empty() {
            match accepted.recv() {
                Ok(stream) => Some(stream),
                Err(_) => return,
            }
        } else {
            match accepted.recv_timeout(next_round.saturating_duration_since(Instant::now())) {
                Ok(stream) => Some(stream),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        let new = first
            .into_iter()
            .chain(std::iter::from_fn(|| accepted.try_recv().ok()))
            .take(ACCEPT_BATCH);
        for stream in new {
            let Ok(mut pending) = http::Pending::new(stream, Instant::now() + limits.head_deadline)
            else {
                continue;
            };
            match pending.read_request() {
                http::Step::Done(request) => {
                    dispatch(
                        shared,
                        &slots,
                        &limits,
                        pending.stream,
                        request,
                        &mut complaints,
                    );
                }
                http::Step::Gone => {}
                http::Step::Waiting => {
                    if waiting.is_empty() {
                        // A lone client whose bytes are on their way: look again soon.
                        pause = SHORT_PAUSE;
                        next_round = Instant::now() + SHORT_PAUSE;
                    }
                    if waiting.len() >= limits.waiting.max(1) {
                        // The oldest waiting connection is closed (dropped) for the new one.
                        waiting.pop_front();
                    }
                    waiting.push_back(pending);
                }
            }
        }
        let now = Instant::now();
        if now < next_round {
            continue;
        }
        let mut progressed = false;
        for mut pending in waiting.drain(..) {
            let before = pending.received();
            match pending.read_request() {
                http::Step::Waiting if now >= pending.deadline => {
                    // Too slow: answered if it sent anything, closed either way.
                    if pending.received() > 0 {
                        http::respond_now(
                            &mut pending.stream,
                            408,
                            &[],
                            "The request took too long to arrive\n",
                        );
                    }
                }
                http::Step::Waiting => {
                    progressed |= pending.received() != before;
                    still.push_back(pending);
                }
                http::Step::Done(request) => {
                    progressed = true;
                    dispatch(
                        shared,
                        &slots,
                        &limits,
                        pending.stream,
                        request,
                        &mut complaints,
                    );
                }
                http::Step::Gone => {}
            }
        }
        std::mem::swap(&mut waiting, &mut still);
        pause = if progressed {
            SHORT_PAUSE
        } else {
            (pause * 2).min(LONG_PAUSE)
        };
        next_round = Instant::now() + pause;
    }
}

/// Starts the thread that answers a whole request, if a place is free; otherwise answers
/// 503 at once.
fn dispatch(
    shared: &Arc<Shared>,
    slots: &Slots,
    limits: &Limits,
    mut stream: TcpStream,
    request: Result<Request, Refusal>,
    complaints: &mut Complaints,
) {
    let stream_kind = matches!(&request, Ok(r) if live::is_event_stream(r));
    let slot = if stream_kind {
        Slot::take(&slots.event_streams, limits.event_streams)
    } else {
        Slot::take(&slots.requests, limits.requests)
    };
    let Some(slot) = slot else {
        http::respond_now(
            &mut stream,
            503,
            &[("Retry-After", "1")],
            "The preview is busy; try again in a moment\n",
        );
        if complaints.busy.due() {
            eprintln!(
                "{}",
                tr!(
                    "The preview has too many connections at once ({} requests, {} open tabs at most); the rest are answered 503.",
                    "Забагато одночасних з'єднань із переглядом (щонайбільше {} запитів, {} відкритих вкладок); решта отримують відповідь 503.",
                    limits.requests,
                    limits.event_streams
                )
            );
        }
        return;
    };
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let shared = Arc::clone(shared);
    let spawned = thread::Builder::new()
        .name("hromada-serve-request".into())
        .spawn(move || {
            let _slot = slot;
            live::handle(&shared, stream, request);
        });
    // If no thread can be started, the closure is dropped: the connection closes and the
    // place is freed.
    if let Err(e) = spawned
        && complaints.spawn.due()
    {
        eprintln!(
            "{}",
            tr!(
                "The preview cannot start a thread for a request: {e}; the connection was closed.",
                "Перегляд не може запустити потік для запиту: {e}; з'єднання закрито."
            )
        );
    }
}

/// How many requests and event streams are being answered.
#[derive(Default)]
struct Slots {
    requests: Arc<AtomicUsize>,
    event_streams: Arc<AtomicUsize>,
}

/// One of at most `cap` places, given back when dropped (also when its thread panics).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, cap: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then_some(n + 1)
            })
            .ok()?;
        Some(Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Complaints printed at most once every ten seconds each, so that a flood of connections
/// does not flood the terminal as well.
#[derive(Default)]
struct Complaints {
    busy: Throttle,
    spawn: Throttle,
}

#[derive(Default)]
struct Throttle(Option<Instant>);

impl Throttle {
    fn due(&mut self) -> bool {
        let now = Instant::now();
        if self
            .0
            .is_some_and(|last| now.duration_since(last) < Duration::from_secs(10))
        {
            return false;
        }
        self.0 = Some(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A server of nothing built yet (every page answers 404) with the given limits.
    fn serve(limits: Limits) -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        listen(
            listener,
            Arc::new(Shared::new(std::env::temp_dir())),
            limits,
        )
        .unwrap();
        port
    }

    fn connect(port: u16) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    /// The status line and what follows, once the server has closed the connection.
    fn answer(mut s: TcpStream) -> String {
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn get(port: u16, path: &str) -> String {
        let mut s = connect(port);
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        answer(s)
    }

    const SMALL: Limits = Limits {
        waiting: 4,
        requests: 8,
        event_streams: 1,
        head_deadline: Duration::from_millis(400),
    };

    #[test]
    fn places_are_counted_and_given_back() {
        let count = Arc::new(AtomicUsize::new(0));
        let a = Slot::take(&count, 2).unwrap();
        let b = Slot::take(&count, 2).unwrap();
        assert!(Slot::take(&count, 2).is_none());
        drop(a);
        let c = Slot::take(&count, 2).unwrap();
        drop((b, c));
        assert_eq!(count.load(Ordering::Acquire), 0);
        let mut t = Throttle::default();
        assert!(t.due());
        assert!(!t.due());
    }

    #[test]
    fn a_slow_head_is_answered_408_and_idle_sockets_give_way() {
        let port = serve(SMALL);
        let mut slow = connect(port);
        slow.write_all(b"GET / HT").unwrap();
        let started = Instant::now();
        let text = answer(slow);
        assert!(text.starts_with("HTTP/1.1 408 "), "{text}");
        assert!(started.elapsed() < Duration::from_secs(2));

        // More idle sockets than may wait: the oldest are closed, a real request is served.
        let idle: Vec<TcpStream> = (0..10).map(|_| connect(port)).collect();
        assert!(get(port, "/").starts_with("HTTP/1.1 404 "));
        let mut first = idle.into_iter().next().unwrap();
        assert_eq!(first.read(&mut [0u8; 16]).unwrap_or(0), 0, "closed");

        // A refused head is answered too.
        assert!(get(port, "/../site.toml").starts_with("HTTP/1.1 403 "));
        let mut s = connect(port);
        s.write_all(&vec![b'a'; MAX_HEAD]).unwrap();
        let text = answer(s);
        assert!(text.starts_with("HTTP/1.1 431 "), "{text}");
    }

    #[test]
    fn past_the_caps_the_answer_is_503_and_closed_tabs_free_their_place() {
        let port = serve(Limits {
            requests: 0,
            ..SMALL
        });
        let text = get(port, "/");
        assert!(text.starts_with("HTTP/1.1 503 "), "{text}");
        assert!(text.contains("Retry-After: 1\r\n"), "{text}");

        let port = serve(SMALL);
        let open = |port| {
            let mut s = connect(port);
            write!(s, "GET /__hromada/events?path=/ HTTP/1.1\r\n\r\n").unwrap();
            let mut head = [0u8; 12];
            s.read_exact(&mut head).unwrap();
            (s, String::from_utf8_lossy(&head).into_owned())
        };
        let (tab, head) = open(port);
        assert_eq!(head, "HTTP/1.1 200");
        assert_eq!(open(port).1, "HTTP/1.1 503");
        // Ordinary requests have places of their own.
        assert!(get(port, "/").starts_with("HTTP/1.1 404 "));
        drop(tab);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if open(port).1 == "HTTP/1.1 200" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the closed tab's place was not freed"
            );
            thread::sleep(Duration::from_millis(200));
        }
    }
}
