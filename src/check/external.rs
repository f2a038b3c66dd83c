//! `hromada check --external`: links to other sites, checked with `curl` (a timeout per
//! address, a few at a time) and remembered in `.cache/links.json` for a week, so a daily
//! CI run asks each site at most once a week. Never run unless asked: a build needs no
//! network.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ExternalLinks;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::Site;

/// Where answers are remembered, relative to the site's folder.
pub const CACHE_FILE: &str = ".cache/links.json";
/// A working link is asked again after this many days; a broken one every time.
const KEEP_DAYS: i32 = 7;
/// Sites asked at once.
const AT_ONCE: usize = 8;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Answer {
    /// The HTTP status after redirects; 0 when there was no answer.
    status: u16,
    /// The day it was asked, YYYY-MM-DD.
    checked: String,
}

impl Answer {
    fn works(&self) -> bool {
        (200..400).contains(&self.status)
    }
}

/// The HTTP status of `url` after redirects, by `curl`; 0 for no answer in time. Some
/// servers refuse HEAD, so a failed HEAD is tried again as GET.
fn ask(url: &str, timeout: Duration) -> Result<u16, Msg> {
    let secs = timeout.as_secs().max(1).to_string();
    let run = |head: bool| -> Result<u16, Msg> {
        let mut c = Command::new("curl");
        c.args([
            "--silent",
            "--location",
            "--max-redirs",
            "5",
            "--max-time",
            &secs,
        ]);
        c.args(["--output", "/dev/null", "--write-out", "%{http_code}"]);
        c.args(["--user-agent", "hromada-link-check"]);
        if head {
            c.arg("--head");
        }
        c.arg("--").arg(url);
        let out = c.output().map_err(|e| {
            tr!(
                "`curl` could not be started ({e}); install curl to check external links",
                "не вдається запустити `curl` ({e}); встановіть curl, щоб перевіряти зовнішні посилання"
            )
        })?;
        Ok(String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0))
    };
    let head = run(true)?;
    if (200..400).contains(&head) {
        return Ok(head);
    }
    run(false)
}

fn load_cache(root: &Path) -> BTreeMap<String, Answer> {
    std::fs::read_to_string(root.join(CACHE_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_cache(root: &Path, cache: &BTreeMap<String, Answer>) -> std::io::Result<()> {
    let path = root.join(CACHE_FILE);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(
        &tmp,
        serde_json::to_string_pretty(cache).unwrap_or_default(),
    )?;
    std::fs::rename(tmp, path)
}

/// Checks every external link (a working answer younger than a week is taken from the
/// cache) and returns a warning per broken one, at the place it is written. Fails only
/// when curl cannot be run.
pub fn check(
    site: &Site,
    links: &ExternalLinks,
    timeout: Duration,
) -> Result<(Diagnostics, usize), Msg> {
    let mut cache = load_cache(&site.sources.root);
    let now = site.now;
    let fresh = |a: &Answer| {
        a.works()
            && crate::dates::parse(&a.checked)
                .is_some_and(|d: Date| d <= now && (now - d).get_days() < KEEP_DAYS)
    };
    let to_ask: Vec<&String> = links
        .keys()
        .filter(|u| !cache.get(*u).is_some_and(fresh))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(AT_ONCE)
        .build()
        .map_err(|e| Msg::verbatim(e.to_string()))?;
    let answers: Vec<(String, Result<u16, Msg>)> = pool.install(|| {
        to_ask
            .par_iter()
            .map(|u| ((*u).clone(), ask(u, timeout)))
            .collect()
    });
    let asked = answers.len();
    for (url, status) in answers {
        cache.insert(
            url,
            Answer {
                status: status?,
                checked: now.to_string(),
            },
        );
    }
    // Only the links the site still has are remembered.
    cache.retain(|u, _| links.contains_key(u));
    if let Err(e) = save_cache(&site.sources.root, &cache) {
        eprintln!(
            "{}",
            tr!(
                "warning: could not save {CACHE_FILE}: {e}",
                "попередження: не вдається зберегти {CACHE_FILE}: {e}"
            )
        );
    }
    let mut diags = Diagnostics::new();
    for (url, pages) in links {
        let Some(answer) = cache.get(url).filter(|a| !a.works()) else {
            continue;
        };
        let Some((_, origin)) = pages.iter().next() else {
            continue;
        };
        let (file, at) = super::locate(site, origin, url);
        let list: Vec<String> = pages.iter().map(|(p, _)| p.clone()).collect();
        let on = super::on_pages(&list);
        let (message, hint) = if answer.status == 0 {
            (
                tr!(
                    "the link to {url} got no answer within {} s (on {on})",
                    "посилання на {url} не відповіло за {} с (на {on})",
                    timeout.as_secs()
                ),
                tr!(
                    "the site may be down for a while, or gone: open the address in a browser; if it moved, write the new address",
                    "сайт може тимчасово не працювати або зникнути: відкрийте адресу в браузері; якщо сторінка переїхала, напишіть нову адресу"
                ),
            )
        } else {
            (
                tr!(
                    "the link to {url} answers {} (on {on})",
                    "посилання на {url} відповідає {} (на {on})",
                    answer.status
                ),
                tr!(
                    "the page is gone or moved: find where it is now and write that address, or remove the link",
                    "сторінки вже немає або вона переїхала: знайдіть, де вона тепер, і напишіть ту адресу, або приберіть посилання"
                ),
            )
        };
        diags.push(
            Diagnostic::warning("W0233", file, message)
                .at_opt(at)
                .hint(hint),
        );
    }
    Ok((diags, asked))
}
