//! Registries: the venues where residents learn and the events they can come to, read from
//! YAML, checked value by value with positions, and turned into the model's records.

mod build;
mod events;
pub mod hours;
mod hours_uk;
mod model;
mod plan_fields;
mod record_check;
pub mod records;
mod registration;
pub mod schema;
pub mod services;
pub mod time;
mod venues;

pub use build::build;
pub use model::{
    Deadline, Event, Located, Participants, Registries, Repeat, STEP_FREE, Signup, Venue,
};
pub use records::Service;
pub use registration::deadline_warnings;
pub use services::SERVICES_FILE;

/// Where the registries are kept, relative to the site root.
pub const VENUES_FILE: &str = "data/venues.yaml";
pub const EVENTS_FILE: &str = "data/events.yaml";
pub const EVENTS_DIR: &str = "data/events";
