//! The publishing workflows a new hromada's repository starts with: the same files this
//! repository publishes its example site with, pinned to this binary. In this repository
//! they build hromada from its code; in a site `init` made they download this version's
//! release binary (`.github/workflows/release.yml` publishes it) and check it against the
//! release's SHA256SUMS.

/// GitHub Actions: check → build → deploy to GitHub Pages.
const GITHUB: &str = include_str!("../.github/workflows/publish.yml");
/// GitLab CI: check → build → GitLab Pages.
const GITLAB: &str = include_str!("../.gitlab-ci.yml");

/// The GitHub repository (`owner/name`) this binary's releases come from: set by the release
/// workflow when it builds, else the crate's `repository` when that is a GitHub address.
fn repository() -> Option<String> {
    let from_release = option_env!("HROMADA_REPOSITORY").filter(|r| !r.is_empty());
    from_release
        .map(str::to_string)
        .or_else(|| {
            env!("CARGO_PKG_REPOSITORY")
                .strip_prefix("https://github.com/")
                .map(|r| r.trim_end_matches('/').trim_end_matches(".git").to_string())
        })
        .filter(|r| {
            r.split('/').count() == 2
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        })
}

/// The workflow text with `HROMADA_VERSION` set to `version` and, when known, the
/// repository hromada's releases come from as `HROMADA_REPO`'s default.
fn pinned(text: &str, version: &str, repository: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let indent = &line[..line.len() - line.trim_start().len()];
        if line.trim_start().starts_with("HROMADA_VERSION: \"") {
            out.push_str(&format!("{indent}HROMADA_VERSION: \"{version}\"\n"));
        } else if let Some(repo) = repository {
            out.push_str(
                &line
                    .replace(
                        "vars.HROMADA_REPO || ''",
                        &format!("vars.HROMADA_REPO || '{repo}'"),
                    )
                    .replace("HROMADA_REPO: \"\"", &format!("HROMADA_REPO: \"{repo}\"")),
            );
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `.github/workflows/publish.yml` for a site this binary starts.
pub fn github() -> String {
    pinned(GITHUB, env!("CARGO_PKG_VERSION"), repository().as_deref())
}

/// `.gitlab-ci.yml` for a site this binary starts.
pub fn gitlab() -> String {
    pinned(GITLAB, env!("CARGO_PKG_VERSION"), repository().as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_workflow_names_the_version_once_and_gets_this_one() {
        for template in [GITHUB, GITLAB] {
            assert_eq!(template.matches("HROMADA_VERSION: \"").count(), 1);
            let text = pinned(template, "9.8.7", None);
            assert!(text.contains("HROMADA_VERSION: \"9.8.7\"\n"), "{text}");
            assert_eq!(text.lines().count(), template.lines().count());
        }
    }

    #[test]
    fn the_release_repository_becomes_the_default() {
        let gh = pinned(GITHUB, "1.0.0", Some("hromady/hromada"));
        assert!(gh.contains("HROMADA_REPO: ${{ vars.HROMADA_REPO || 'hromady/hromada' }}"));
        let gl = pinned(GITLAB, "1.0.0", Some("hromady/hromada"));
        assert!(gl.contains("  HROMADA_REPO: \"hromady/hromada\"\n"), "{gl}");
        // Unknown: left for the repository's variable, which the workflow asks for.
        assert!(pinned(GITHUB, "1.0.0", None).contains("vars.HROMADA_REPO || ''"));
    }
}
