//! The editors' page `/admin/` (when `[admin]` in `site.toml` turns it on): Decap CMS, which
//! the site holds in `static/admin/` (copied as it is by `files.rs`), its configuration
//! `config.yml` made from hromada's record types and the site's vocabularies (`forms.rs`),
//! and hromada's script that lets the CMS read and write YAML files that are lists.
//!
//! Residents never reach it: no page links to it, it is `noindex`, and it is in neither the
//! sitemap, the search nor the service worker's list (those are made from pages). It has its
//! own Content-Security-Policy: the CMS needs inline styles and the git host's API, which
//! residents' pages never allow.

mod forms;

use tera::Context;

use super::{Content, Output, Renderer, Scope, Templates};
use crate::config::admin::{AdminConfig, Backend};
use crate::diag::Diagnostics;
use crate::model::Site;

pub struct Admin;

/// The folder of the page, under the site's base path.
pub const DIR: &str = "admin";
/// The CMS's configuration, beside the page.
const CONFIG: &str = "config.yml";
/// hromada's part of the page's script: the list format, registered in the CMS.
const SCRIPT: &str = "hromada-cms.js";
const SCRIPT_TEXT: &str = include_str!("admin/hromada-cms.js");
const TEMPLATE: &str = "admin.html";

/// The admin page's policy: scripts only from the site (the CMS, js-yaml, hromada's) —
/// with `'unsafe-eval'`, because the CMS checks its configuration with validators it
/// compiles at run time (ajv) and stops without —, the inline styles the CMS's components
/// set, images from the site and the backend's avatars, and requests to the site and the
/// git host's API (and, to try it out, the local `decap-server`). `frame-ancestors` only
/// works as a header.
pub fn csp(admin: &AdminConfig) -> String {
    let mut connect = vec!["'self'".to_string(), admin.backend.api_origin().to_string()];
    let mut img = vec!["'self'", "data:", "blob:"];
    match admin.backend {
        Backend::Github => img.push("https://avatars.githubusercontent.com"),
        Backend::Gitlab => img.extend(["https://gitlab.com", "https://secure.gravatar.com"]),
    }
    if let Some(port) = admin.local_port {
        connect.push(format!("http://localhost:{port}"));
    }
    format!(
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src {}; font-src 'self' data:; connect-src {}; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'",
        img.join(" "),
        connect.join(" "),
    )
}

/// `_headers`' block for the admin page: the site-wide policy detached (Cloudflare Pages'
/// `!`), the page's own set; hosts that serve the most specific rule use it as it is.
pub fn headers(site: &Site) -> Option<String> {
    let admin = site.config.admin.as_ref()?;
    Some(format!(
        "\n{base}{DIR}/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n  X-Robots-Tag: noindex\n  Cache-Control: no-cache\n",
        base = site.config.base_path(),
        csp = csp(admin),
    ))
}

/// Decap CMS's configuration: where it commits, in Ukrainian, and the forms.
fn config(site: &Site, admin: &AdminConfig) -> serde_json::Value {
    let mut backend = serde_json::json!({
        "name": admin.backend.key(),
        "repo": admin.repo,
        "branch": admin.branch,
        "commit_messages": {
            "create": "Додано {{collection}} «{{slug}}» через сторінку редакторів",
            "update": "Змінено {{collection}} «{{slug}}» через сторінку редакторів",
            "delete": "Видалено {{collection}} «{{slug}}» через сторінку редакторів",
            "uploadMedia": "Додано файл «{{path}}»",
            "deleteMedia": "Видалено файл «{{path}}»",
        },
    });
    if let Some(url) = &admin.auth_url {
        backend["base_url"] = url.clone().into();
    }
    if let Some(id) = &admin.app_id {
        backend["auth_type"] = "pkce".into();
        backend["app_id"] = id.clone().into();
    }
    let mut config = serde_json::json!({
        "backend": backend,
        "locale": "uk",
        "site_url": site.config.base_url,
        "display_url": site.config.base_url,
        "publish_mode": "simple",
        "media_folder": "static/zobrazhennia",
        "public_folder": format!("{}zobrazhennia", site.config.base_path()),
        "collections": forms::collections(site),
    });
    if let Some(port) = admin.local_port {
        config["local_backend"] = serde_json::json!({
            "url": format!("http://localhost:{port}/api/v1"),
        });
    }
    config
}

fn config_text(site: &Site, admin: &AdminConfig) -> String {
    let yaml = serde_yaml_ng::to_string(&config(site, admin)).unwrap_or_default();
    format!(
        "# Made by hromada from its record types and this site's settings: change site.toml\n# ([admin], the vocabularies) or data/, not this file.\n{yaml}"
    )
}

impl Renderer for Admin {
    fn name(&self) -> &'static str {
        "admin"
    }

    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        _: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(admin) = &site.config.admin else {
            return diags;
        };
        let base = format!("{}{DIR}/", site.config.base_path());
        let mut ctx = Context::new();
        ctx.insert("csp", &csp(admin));
        ctx.insert("lang", &site.config.language);
        ctx.insert("site_title", &site.config.title);
        ctx.insert("config_url", &format!("{base}{CONFIG}"));
        ctx.insert(
            "scripts",
            &[
                format!("{base}js-yaml.min.js"),
                format!("{base}decap-cms.js"),
                format!("{base}{SCRIPT}"),
            ],
        );
        let files = [
            (
                "index.html",
                templates
                    .render(TEMPLATE, &ctx, None)
                    .map(String::into_bytes),
            ),
            (CONFIG, Ok(config_text(site, admin).into_bytes())),
            (SCRIPT, Ok(SCRIPT_TEXT.as_bytes().to_vec())),
        ];
        for (name, made) in files {
            match made.and_then(|bytes| {
                out.insert(format!("{DIR}/{name}"), Content::Bytes(bytes), "admin")
            }) {
                Ok(()) => {}
                Err(d) => diags.push(d),
            }
        }
        diags
    }
}
