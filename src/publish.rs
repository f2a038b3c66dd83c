//! The publishing workflows a new hromada's repository starts with: the same files this
//! repository publishes its example site with.

/// GitHub Actions: check → build → deploy to GitHub Pages.
pub const GITHUB: &str = include_str!("../.github/workflows/publish.yml");
/// GitLab CI: check → build → GitLab Pages.
pub const GITLAB: &str = include_str!("../.gitlab-ci.yml");
