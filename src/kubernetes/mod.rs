//! What Kubernetes itself defines, in its own words: the rules for names, label keys and values
//! and port names ([`names`]), and apimachinery's wording of field errors, quoting and
//! aggregates ([`apimachinery`]). Pure functions over strings, below every stage that checks a
//! name (options, HA, validation, lint, diff).

pub mod apimachinery;
pub mod names;
