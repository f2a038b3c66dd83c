//! JSON Schemas of the YAML files editors write, generated from the record types, so the
//! schemas can never disagree with what the build accepts.

use schemars::JsonSchema;

use super::records::{EventRecord, Service, VenueRecord};

fn list_of<T: JsonSchema>(title: &str, file: &str) -> String {
    let mut schema = schemars::schema_for!(Vec<T>);
    schema.insert("title".into(), title.into());
    schema.insert(
        "description".into(),
        format!("{file} of a hromada site: a list of records.").into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The front matter of a Markdown page (the YAML between the `---` lines).
fn front_matter() -> String {
    let mut schema = schemars::schema_for!(crate::content::frontmatter::FrontMatter);
    schema.insert("title".into(), "Front matter".into());
    schema.insert(
        "description".into(),
        "The front matter of a page under content/ of a hromada site.".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// VS Code settings that wire the schemas to the files (the YAML extension by Red Hat
/// completes and checks as the editor types).
pub const VSCODE_SETTINGS: &str = r#"{
  "yaml.schemas": {
    "./schemas/venues.schema.json": ["data/venues.yaml"],
    "./schemas/events.schema.json": ["data/events.yaml", "data/events/*.yaml"],
    "./schemas/services.schema.json": ["data/services.yaml"],
    "./schemas/plan.schema.json": ["data/plan.yaml"]
  },
  "files.associations": {
    "*.yaml": "yaml"
  },
  "files.encoding": "utf8",
  "files.insertFinalNewline": true,
  "editor.insertSpaces": true,
  "[yaml]": {
    "editor.tabSize": 2,
    "editor.autoIndent": "keep"
  },
  "[markdown]": {
    "editor.wordWrap": "on"
  }
}
"#;

/// (file name, schema text) of every file editors write: the registries and front matter.
pub fn all() -> Vec<(&'static str, String)> {
    let mut all = registries();
    all.push(("frontmatter.schema.json", front_matter()));
    all.push(("plan.schema.json", crate::plan::records::schema()));
    all
}

/// (file name, schema text) of the registry files.
pub fn registries() -> Vec<(&'static str, String)> {
    vec![
        (
            "venues.schema.json",
            list_of::<VenueRecord>("Venues", "data/venues.yaml"),
        ),
        (
            "events.schema.json",
            list_of::<EventRecord>("Events", "data/events.yaml and data/events/*.yaml"),
        ),
        (
            "services.schema.json",
            list_of::<Service>("E-services", "data/services.yaml"),
        ),
    ]
}
