//! From records to the model: venues, then events (which refer to venues), then the indexes.

use super::model::{Event, Registries, Venue};
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
    let mut events = events::build(
        event_files,
        config,
        &service_keys,
        &service_names,
        &venues,
        &parsed_venues,
        &mut diags,
    );
    sort_by_time(&mut events);
    let registries = Registries {
        by_place: by_place(&venues),
        events_at: events_at(venues.len(), &events),
        venues,
        events,
    };
    (registries, diags)
}

/// The venues' indexes by settlement, then name, in Ukrainian alphabetical order (then id:
/// the order never depends on the files' order).
fn by_place(venues: &[Venue]) -> Vec<usize> {
    let mut by_place: Vec<usize> = (0..venues.len()).collect();
    by_place.sort_by_cached_key(|&i| {
        let v = &venues[i];
        (
            crate::collate::key(&v.settlement),
            crate::collate::key(&v.name),
            v.id.clone(),
        )
    });
    by_place
}

/// Events in time order; ties by id, so the order never depends on the files' order.
fn sort_by_time(events: &mut [Event]) {
    events.sort_by(|a, b| {
        (a.occurrences.first().map(|o| o.start_utc), &a.id)
            .cmp(&(b.occurrences.first().map(|o| o.start_utc), &b.id))
    });
}

/// For each venue, the indexes of the events there, in the events' order.
fn events_at(venue_count: usize, events: &[Event]) -> Vec<Vec<usize>> {
    let mut at = vec![Vec::new(); venue_count];
    for (i, e) in events.iter().enumerate() {
        if let Some(v) = e.venue {
            at[v].push(i);
        }
    }
    at
}
