//! `hromada serve`: the site built in memory and served on the loopback interface, rebuilt
//! when a file changes, with open pages reloaded over server-sent events and the build's
//! errors shown over the page while the last good site stays served.
//!
//! A change to a page's text or a registry record is shown in two passes: first the pages
//! open in a browser are rendered and laid over the served site (they reload at once), then
//! the whole site is rendered and replaces it. Settings and theme changes take the second
//! pass only. Nothing is written to disk: the output folder is left alone.

mod http;
mod live;
mod state;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::model::BuildOptions;
use state::Shared;

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

    let shared = Arc::new(Shared::new(root.clone()));
    let started = Instant::now();
    state::rebuild(&shared, &root, &build, None);
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
    let server = Arc::clone(&shared);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = Arc::clone(&server);
            std::thread::spawn(move || live::handle(&shared, stream));
        }
    });
    if opts.open {
        open_browser(&url);
    }
    while let Some(changed) = watch.next_change() {
        state::rebuild(&shared, &root, &build, Some(&changed));
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
