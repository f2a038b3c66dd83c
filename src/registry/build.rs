//! From records to the model: venues, then events (which refer to venues), then the indexes.

use super::model::Registries;
use super::records::Service;
use super::{events, venues};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::source::SourceFile;

/// Builds the registries from `data/venues.yaml` and the events files.
pub fn build(
    venue_files: &[SourceFile],
    event_files: &[SourceFile],
    config: &Config,
    services: &[Service],
) -> (Registries, Diagnostics) {
    let mut diags = Diagnostics::new();
    let service_keys: Vec<&str> = services.iter().map(|s| s.key.as_str()).collect();
    let service_names: std::collections::BTreeMap<String, String> = services
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let (venues, parsed_venues) = venues::build(
        venue_files,
        config,
        &service_keys,
        &service_names,
        &mut diags,
    );
    let events = events::build(
        event_files,
        config,
        &service_keys,
        &service_names,
        &venues,
        &parsed_venues,
        &mut diags,
    );
    let mut registries = Registries {
        venues,
        events,
        events_at: Vec::new(),
        by_place: Vec::new(),
    };
    let mut by_place: Vec<usize> = (0..registries.venues.len()).collect();
    by_place.sort_by_cached_key(|&i| {
        let v = &registries.venues[i];
        (
            v.settlement.to_lowercase(),
            v.name.to_lowercase(),
            v.id.clone(),
        )
    });
    registries.by_place = by_place;
    // Events in time order; ties by id, so the order never depends on the files' order.
    registries.events.sort_by(|a, b| {
        (a.occurrences.first().map(|o| o.start_utc), &a.id)
            .cmp(&(b.occurrences.first().map(|o| o.start_utc), &b.id))
    });
    registries.events_at = vec![Vec::new(); registries.venues.len()];
    for (i, e) in registries.events.iter().enumerate() {
        if let Some(v) = e.venue {
            registries.events_at[v].push(i);
        }
    }
    (registries, diags)
}
