//! What fills a poster's template: the site (title, hotline, colours, the logo inline) and
//! the event in words. The same inputs give the same poster, so they also key the cache.

use serde::Serialize;

use super::super::records::{self, DateWords};
use crate::model::Site;
use crate::poster::Fonts;
use crate::registry::Event;

/// What a poster template sees besides the event.
#[derive(Serialize)]
struct PosterSite<'a> {
    title: &'a str,
    hromada: &'a str,
    hotline: &'a crate::config::Hotline,
    /// The site's address without the scheme («tsyfrova-hromada.example»).
    host: String,
    accent: String,
    on_accent: String,
    text: String,
    /// The logo as a data: URL (SVG or PNG), when the site has one.
    logo: Option<String>,
    /// An SVG logo's drawing, to place as a nested `<svg>` (drawn as vectors in the PDF too).
    logo_svg: Option<InlineSvg>,
    font: String,
    /// The site says its data are made up (`demo = true`): so does every poster.
    demo: bool,
    /// The demo notice's background (the site's notice colour).
    warn: String,
    /// The site's language, which the PDF declares.
    lang: &'a str,
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An SVG document's `viewBox` and content, to nest in a poster.
#[derive(Serialize)]
struct InlineSvg {
    view_box: String,
    inner: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[i..i + tag[i..].find('"')?].to_string())
}

/// The logo as an inline SVG, when it is an SVG file with a `viewBox` (or a size).
fn logo_svg(site: &Site) -> Option<InlineSvg> {
    let l = site.theme.logo.as_ref()?;
    if !l.path.extension()?.to_str()?.eq_ignore_ascii_case("svg") {
        return None;
    }
    let text = std::str::from_utf8(&l.bytes).ok()?;
    let start = text.find("<svg")?;
    let open_end = start + text[start..].find('>')?;
    let tag = &text[start..open_end];
    let close = text.rfind("</svg>")?;
    let view_box = attribute(tag, "viewBox").or_else(|| {
        let num = |v: String| v.trim_end_matches("px").parse::<f64>().ok();
        Some(format!(
            "0 0 {} {}",
            num(attribute(tag, "width")?)?,
            num(attribute(tag, "height")?)?
        ))
    })?;
    (close > open_end).then(|| InlineSvg {
        view_box,
        inner: text[open_end + 1..close].to_string(),
    })
}

fn logo(site: &Site) -> Option<String> {
    let l = site.theme.logo.as_ref()?;
    let ext = l.path.extension()?.to_str()?.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => return None,
    };
    Some(format!("data:{mime};base64,{}", base64(&l.bytes)))
}

/// What a template is filled with for one event's posters, except its QR code (made only
/// when a poster is drawn) and the theme's strings (the same for every poster, hashed once):
/// the same inputs give the same poster, so they key the cache.
pub fn poster_inputs(site: &Site, w: &DateWords, e: &Event, fonts: &Fonts) -> serde_json::Value {
    let event = records::event(site, w, e);
    let url = site.permalink(&e.path);
    let audience = event
        .brief
        .audience
        .iter()
        .map(|a| a.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // How to register, in one line: phone, web address, note.
    let registration = match &event.registration {
        Some(r) => [r.phone.clone(), r.url.clone(), r.note.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        None => site.theme.strings.no_registration.clone(),
    };
    let light = &site.config.colors.light;
    let poster_site = PosterSite {
        title: &site.config.title,
        hromada: &site.config.hromada,
        hotline: &site.config.hotline,
        host: site
            .config
            .base_url
            .split_once("://")
            .map_or(site.config.base_url.as_str(), |x| x.1)
            .trim_end_matches('/')
            .to_string(),
        accent: light.accent.hex(),
        on_accent: light.on_accent().hex(),
        text: light.text.hex(),
        logo: logo(site),
        logo_svg: logo_svg(site),
        font: fonts.family.clone(),
        demo: site.config.demo,
        warn: light.warn_background().hex(),
        lang: &site.config.language,
    };
    serde_json::json!({
        "event": event,
        "audience": audience,
        "registration": registration,
        "url": url,
        "site": poster_site,
    })
}
