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

/// (file name, schema text) of every registry file.
pub fn all() -> Vec<(&'static str, String)> {
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
