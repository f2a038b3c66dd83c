//! `[admin]` in `site.toml`: the editors' page `/admin/`, where people who never open a
//! terminal add events, places and instructions in forms (Decap CMS) and the CMS commits the
//! YAML and Markdown to the hromada's repository. Off unless the site asks for it.
//!
//! ```toml
//! [admin]
//! enabled = true
//! backend = "github"          # or "gitlab"
//! repo = "hromada/tsyfrova"   # owner/name of the site's repository
//! branch = "main"
//! # auth_url = "https://…"    # GitHub: the OAuth server (Netlify's when left out)
//! # app_id = "…"              # GitLab: the application's id (sign-in without a server)
//! # local_backend = true      # try it on this computer with `npx decap-server`
//! ```
//!
//! Checked here: the values, and that the CMS itself lies in the site (`static/admin/`),
//! because the build fetches nothing from the network and the page loads nothing from
//! other hosts.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostic, Location};

/// The CMS's script and the YAML reader the page needs, as the site holds them; the build
/// copies `static/` as it is, so they are served from `/admin/`.
pub const CMS_FILES: [&str; 2] = ["static/admin/decap-cms.js", "static/admin/js-yaml.min.js"];

/// The port `npx decap-server` listens on when nothing else is said.
pub const DEFAULT_LOCAL_PORT: u16 = 8081;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdmin {
    #[serde(default)]
    enabled: bool,
    backend: Option<Spanned<String>>,
    repo: Option<Spanned<String>>,
    branch: Option<Spanned<String>>,
    auth_url: Option<Spanned<String>>,
    app_id: Option<Spanned<String>>,
    #[serde(default)]
    local_backend: bool,
    local_port: Option<Spanned<i64>>,
}

/// Where the CMS commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Github,
    Gitlab,
}

impl Backend {
    pub fn key(self) -> &'static str {
        match self {
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
        }
    }

    /// The host of the backend's API, which the page's policy lets it talk to.
    pub fn api_origin(self) -> &'static str {
        match self {
            Backend::Github => "https://api.github.com",
            Backend::Gitlab => "https://gitlab.com",
        }
    }
}

/// The admin page's settings, checked (`Config::admin`, when the site turns the page on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminConfig {
    pub backend: Backend,
    /// `owner/name` (GitLab: `group/subgroup/name`).
    pub repo: String,
    pub branch: String,
    /// GitHub: the OAuth server's address (Decap's `base_url`).
    pub auth_url: Option<String>,
    /// GitLab: the OAuth application's id, for sign-in with PKCE.
    pub app_id: Option<String>,
    /// The port of `decap-server` on the editor's computer, when the local backend is on.
    pub local_port: Option<u16>,
}

fn at(text: &str, span: std::ops::Range<usize>) -> Option<Location> {
    (span.end > 0).then(|| Location::from_offsets(text, span.start, span.end))
}

fn problem(
    file: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: crate::i18n::Msg,
    hint: crate::i18n::Msg,
) -> Diagnostic {
    Diagnostic::error("E0025", file, message)
        .at_opt(span.and_then(|s| at(text, s)))
        .hint(hint)
}

/// The admin page's settings when `enabled`, or `None`; problems go to `diags`.
pub fn resolve(
    raw: RawAdmin,
    root: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<AdminConfig> {
    if !raw.enabled {
        return None;
    }
    let file = Path::new(super::CONFIG_FILE);
    let header = text.find("[admin]").map(|i| i..i + "[admin]".len());
    let backend = backend(raw.backend.as_ref(), file, text, diags);
    let repo = repo(raw.repo.as_ref(), header.clone(), file, text, diags);
    let branch = raw
        .branch
        .as_ref()
        .map_or_else(|| "main".to_string(), |b| b.get_ref().trim().to_string());
    if branch.is_empty() || branch.contains(char::is_whitespace) {
        diags.push(problem(
            file,
            text,
            raw.branch.as_ref().map(Spanned::span),
            tr!(
                "admin.branch must be the name of a branch",
                "admin.branch має бути назвою гілки"
            ),
            tr!(
                "the branch the site is built from, for example \"main\"",
                "гілка, з якої збирається сайт, наприклад \"main\""
            ),
        ));
    }
    let auth_url = raw
        .auth_url
        .as_ref()
        .map(|u| u.get_ref().trim().to_string());
    if let (Some(url), Some(s)) = (&auth_url, &raw.auth_url)
        && !url.starts_with("https://")
    {
        diags.push(problem(
            file,
            text,
            Some(s.span()),
            tr!(
                "admin.auth_url must be a full https:// address",
                "admin.auth_url має бути повною адресою з https://"
            ),
            tr!(
                "the address of the OAuth server that signs editors in to GitHub",
                "адреса сервера OAuth, через який редактори входять у GitHub"
            ),
        ));
    }
    let app_id = raw.app_id.as_ref().map(|a| a.get_ref().trim().to_string());
    if backend == Backend::Gitlab && app_id.as_deref().is_none_or(str::is_empty) {
        diags.push(problem(
            file,
            text,
            header.clone(),
            tr!(
                "the GitLab backend needs admin.app_id",
                "для GitLab потрібен admin.app_id"
            ),
            tr!(
                "create an application in GitLab (Preferences → Applications, scope api, redirect to the site's /admin/) and write its id: app_id = \"…\"",
                "створіть застосунок у GitLab (Preferences → Applications, дозвіл api, адреса повернення — /admin/ сайту) і впишіть його id: app_id = \"…\""
            ),
        ));
    }
    let local_port = raw
        .local_backend
        .then(|| local_port(raw.local_port.as_ref(), file, text, diags));
    cms_files(root, header, file, text, diags);
    Some(AdminConfig {
        backend,
        repo,
        branch,
        auth_url,
        app_id,
        local_port,
    })
}

fn backend(
    raw: Option<&Spanned<String>>,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Backend {
    match raw.map(|b| b.get_ref().trim()) {
        None | Some("github") => Backend::Github,
        Some("gitlab") => Backend::Gitlab,
        Some(other) => {
            diags.push(problem(
                file,
                text,
                raw.map(Spanned::span),
                tr!(
                    "there is no admin backend `{other}`",
                    "бекенду `{other}` для сторінки редакторів немає"
                ),
                tr!(
                    "write backend = \"github\" or backend = \"gitlab\": where the site's repository is",
                    "напишіть backend = \"github\" або backend = \"gitlab\" — там, де репозиторій сайту"
                ),
            ));
            Backend::Github
        }
    }
}

/// Whether `repo` looks like `owner/name`: two or more parts of letters, digits, `.`, `_`
/// and `-`.
fn is_repo(repo: &str) -> bool {
    let parts: Vec<&str> = repo.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && !p.starts_with('.')
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

fn repo(
    raw: Option<&Spanned<String>>,
    header: Option<std::ops::Range<usize>>,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let repo = raw.map_or("", |r| r.get_ref().trim());
    if !is_repo(repo) {
        diags.push(problem(
            file,
            text,
            raw.map(Spanned::span).or(header),
            tr!(
                "admin.repo must be the repository as owner/name",
                "admin.repo має бути репозиторієм у вигляді власник/назва"
            ),
            tr!(
                "as in the repository's address: github.com/hromada/tsyfrova → repo = \"hromada/tsyfrova\"",
                "як в адресі репозиторію: github.com/hromada/tsyfrova → repo = \"hromada/tsyfrova\""
            ),
        ));
    }
    repo.to_string()
}

fn local_port(
    raw: Option<&Spanned<i64>>,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> u16 {
    let Some(port) = raw else {
        return DEFAULT_LOCAL_PORT;
    };
    match u16::try_from(*port.get_ref()) {
        Ok(p) if p >= 1024 => p,
        _ => {
            diags.push(problem(
                file,
                text,
                Some(port.span()),
                tr!(
                    "admin.local_port must be a port number from 1024 to 65535",
                    "admin.local_port має бути номером порту від 1024 до 65535"
                ),
                tr!(
                    "the port decap-server listens on: {DEFAULT_LOCAL_PORT} unless you set PORT",
                    "порт, на якому слухає decap-server: {DEFAULT_LOCAL_PORT}, якщо не задано PORT"
                ),
            ));
            DEFAULT_LOCAL_PORT
        }
    }
}

/// E0026: the page would load a CMS the site does not hold.
fn cms_files(
    root: &Path,
    header: Option<std::ops::Range<usize>>,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let missing: Vec<&str> = CMS_FILES
        .iter()
        .copied()
        .filter(|f| !root.join(f).is_file())
        .collect();
    if missing.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::error(
            "E0026",
            file,
            tr!(
                "the editors' page needs the CMS in the site: {} missing",
                "сторінці редакторів потрібна CMS у самому сайті: бракує {}",
                missing.join(", ")
            ),
        )
        .at_opt(header.and_then(|s| at(text, s)))
        .hint(tr!(
            "run scripts/vendor-cms in the site's folder (it puts Decap CMS and js-yaml into static/admin/, checked by their hashes) and commit them; the site loads nothing from other hosts",
            "запустіть scripts/vendor-cms у теці сайту (він покладе Decap CMS і js-yaml у static/admin/, перевіривши їхні хеші) і закомітьте їх: сайт нічого не вантажить з інших адрес"
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::is_repo;

    #[test]
    fn repositories_are_owner_and_name() {
        assert!(is_repo("hromada/tsyfrova"));
        assert!(is_repo("group/sub.group/site_1"));
        assert!(!is_repo("tsyfrova"));
        assert!(!is_repo("https://github.com/hromada/tsyfrova"));
        assert!(!is_repo("hromada/"));
        assert!(!is_repo("hromada/../x"));
    }
}
