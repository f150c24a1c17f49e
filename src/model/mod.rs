//! The effective model: for one defaulted FlinkCluster and the options in effect, everything
//! derived from it that validation and the targets both need.
//!
//! [`names`] and [`labels`] of the objects; [`memory`], the operator's memory settings.

pub mod config;
pub mod labels;
pub mod memory;
pub mod names;
pub mod native;
