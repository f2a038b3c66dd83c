//! What makes the site installable, offline-capable and safe on static hosts: the web app
//! manifest, the service worker (the theme's script with this build's precache list and a
//! version that is the hash of the whole output), and `_headers` with the security and cache
//! headers for hosts that read one (Netlify, Cloudflare Pages and the like). It runs after
//! every other output, because the service worker's version and list are made from them.

use super::assets::{self, Assets};
use super::{Content, Output};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;

pub const MANIFEST: &str = "manifest.webmanifest";
pub const HEADERS: &str = "_headers";
/// The page shown for a page that was never visited when the network is gone.
pub const OFFLINE_PAGE: &str = "offline/";
/// The search index is stored whole by the service worker up to this size (bytes).
pub const SEARCH_PRECACHE_MAX: usize = 1024 * 1024;
/// Venue pages are stored with the map page up to this many bytes in all.
pub const VENUES_PRECACHE_MAX: usize = 2 * 1024 * 1024;

/// The Content-Security-Policy of every page: nothing from other hosts, no inline script or
/// style. `frame-ancestors` only works as a header, so the `<meta>` leaves it out.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The manifest, rendered before the pages (it needs only the settings and the assets).
pub fn manifest(site: &Site, assets: &Assets) -> String {
    let c = &site.config;
    let mut icons = Vec::new();
    if let Some(url) = assets.urls.get("icon.svg") {
        icons.push(serde_json::json!({
            "src": url, "sizes": "any", "type": "image/svg+xml", "purpose": "any"
        }));
    }
    for (name, url) in &assets.urls {
        if let Some(size) = name
            .strip_prefix("icon-")
            .and_then(|n| n.strip_suffix(".png"))
        {
            icons.push(serde_json::json!({
                "src": url, "sizes": format!("{size}x{size}"), "type": "image/png", "purpose": "any"
            }));
        }
    }
    let short_name = short_name(&c.title);
    let manifest = serde_json::json!({
        "name": c.title,
        "short_name": short_name,
        "description": c.description,
        "lang": c.language,
        "start_url": c.base_path(),
        "scope": c.base_path(),
        "display": "standalone",
        "background_color": c.colors.light.background.hex(),
        "theme_color": c.colors.light.accent.hex(),
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

/// The name under a home screen's icon: the title's first words that fit in 12 characters
/// (what launchers show without cutting), never part of a word; the first word alone when
/// even it is longer.
fn short_name(title: &str) -> String {
    const MAX: usize = 12;
    let mut name = String::new();
    for word in title.split_whitespace() {
        let len = name.chars().count() + usize::from(!name.is_empty()) + word.chars().count();
        if !name.is_empty() && len > MAX {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
        if len > MAX {
            break;
        }
    }
    name
}

/// `_headers`: the policy as a real header (with `frame-ancestors`), and a year of caching for
/// the fingerprinted assets; HTML and the service worker are revalidated every time.
fn headers(site: &Site) -> String {
    let base = site.config.base_path();
    format!(
        "{base}*\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Permissions-Policy: camera=(), microphone=(), payment=(), geolocation=(self)\n  Cross-Origin-Opener-Policy: same-origin\n\n{base}{dir}/*\n  Cache-Control: public, max-age=31536000, immutable\n\n{base}{sw}\n  Cache-Control: no-cache\n\n{base}{MANIFEST}\n  Content-Type: application/manifest+json\n  Cache-Control: no-cache\n",
        dir = assets::DIR,
        sw = assets::SERVICE_WORKER,
    ) + &super::admin::headers(site).unwrap_or_default()
}

/// The pages and files the service worker stores when it is installed: the home page, the
/// offline page, the menu's pages, the map and the venues' pages, the search index, and
/// every asset.
fn precache(site: &Site, out: &Output, assets: &Assets) -> Vec<String> {
    let mut paths: Vec<String> = vec![String::new(), OFFLINE_PAGE.to_string()];
    let base = site.config.base_path();
    for m in &site.config.menu {
        if let Some(p) = m.url.strip_prefix('/') {
            paths.push(p.to_string());
        }
    }
    paths.push(MANIFEST.into());
    // The map and the venues' pages its markers link to, so that after one visit both open
    // offline — unless there are so many that storing them all would cost the reader more
    // than a few megabytes (then the pages a reader opens are cached as they are fetched).
    if site.map.is_some() {
        paths.push(format!("{}/", site.config.paths.map));
        let venue_pages: Vec<(&str, usize)> = site
            .registries
            .venues
            .iter()
            .filter_map(
                |v| match &out.get(&format!("{}index.html", v.path))?.content {
                    Content::Bytes(b) => Some((v.path.as_str(), b.len())),
                    Content::Copy(_) => None,
                },
            )
            .collect();
        if venue_pages.iter().map(|(_, l)| l).sum::<usize>() <= VENUES_PRECACHE_MAX {
            paths.extend(venue_pages.into_iter().map(|(p, _)| p.to_string()));
        }
    }
    let mut urls: Vec<String> = paths
        .into_iter()
        .filter(|p| {
            let file = if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p.clone()
            };
            out.get(&file).is_some()
        })
        .map(|p| format!("{base}{p}"))
        .collect();
    urls.extend(assets.files.keys().map(|p| format!("{base}{p}")));
    // The search page and its index, so search works offline — unless the index is large
    // (a site of thousands of pages), when only the page and the index's table are stored
    // and the shards a reader uses are cached as they are fetched.
    let search = format!("{}/", site.config.paths.search);
    let files: Vec<(&String, usize)> = out
        .files()
        .iter()
        .filter(|(p, _)| p.starts_with(&search))
        .map(|(p, f)| {
            let len = match &f.content {
                Content::Bytes(b) => b.len(),
                Content::Copy(_) => 0,
            };
            (p, len)
        })
        .collect();
    let whole = files.iter().map(|(_, l)| l).sum::<usize>() <= SEARCH_PRECACHE_MAX;
    for (p, _) in files {
        if whole || p.ends_with("index.html") || p.ends_with("index.json") {
            urls.push(format!("{base}{}", p.trim_end_matches("index.html")));
        }
    }
    urls.sort();
    urls.dedup();
    urls
}

/// The version of the whole output: every path and every byte.
fn version(out: &Output) -> Result<String, Diagnostic> {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    use std::hash::Hasher;
    for (path, f) in out.files() {
        hasher.write(path.as_bytes());
        hasher.write_u8(0);
        match &f.content {
            Content::Bytes(b) => hasher.write(b),
            Content::Copy(p) => {
                let b = std::fs::read(p).map_err(|e| {
                    Diagnostic::error(
                        "E0005",
                        &f.origin,
                        tr!(
                            "cannot read this file: {e}",
                            "не вдається прочитати цей файл: {e}"
                        ),
                    )
                })?;
                hasher.write(&b);
            }
        }
        hasher.write_u8(0);
    }
    use siphasher::sip128::Hasher128;
    Ok(format!("{:032x}", hasher.finish128().as_u128())[..12].to_string())
}

/// Adds the assets, the manifest, `_headers` and, last, the service worker.
pub fn finish(site: &Site, assets: &Assets, out: &mut Output) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (path, (bytes, origin)) in &assets.files {
        if let Err(d) = out.insert(path.clone(), Content::Bytes(bytes.clone()), origin) {
            diags.push(d);
        }
    }
    for (path, body) in [(MANIFEST, manifest(site, assets)), (HEADERS, headers(site))] {
        if let Err(d) = out.insert(path.into(), Content::Bytes(body.into_bytes()), "offline") {
            diags.push(d);
        }
    }
    let Some((script, origin)) = &assets.service_worker else {
        return diags;
    };
    let list = precache(site, out, assets);
    match version(out) {
        Ok(v) => {
            let head = format!(
                "// Made by hromada for this build; the rest is the theme's {}.\nconst VERSION = {};\nconst PRECACHE = {};\nconst OFFLINE_URL = {};\n\n",
                assets::SERVICE_WORKER,
                serde_json::Value::from(v),
                serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()),
                serde_json::Value::from(site.url(OFFLINE_PAGE)),
            );
            if let Err(d) = out.insert(
                assets::SERVICE_WORKER.into(),
                Content::Bytes((head + script).into_bytes()),
                origin,
            ) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn short_names_end_at_a_word() {
        assert_eq!(short_name("Цифрова громада"), "Цифрова");
        assert_eq!(short_name("Цифрова Нова Прага"), "Цифрова Нова");
        assert_eq!(short_name("Громада онлайн"), "Громада");
        assert_eq!(short_name("Е-Знамʼянка"), "Е-Знамʼянка");
        assert_eq!(short_name("Новоукраїнська громада"), "Новоукраїнська");
    }
}
