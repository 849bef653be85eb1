//! konveyer: a sales conveyor (telemarketer → qualifier → hunter → farmer)
//! over a local SQLite file, driven from the terminal.
// Lints are set in Cargo.toml; unit tests may unwrap and panic.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic))]

pub mod cli;
pub(crate) mod clock;
pub mod config;
pub(crate) mod demo;
pub mod domain;
pub mod error;
pub mod generate;
pub mod i18n;
pub mod import;
pub(crate) mod present;
pub mod service;
pub mod store;
pub mod tui;

pub use error::{Error, Result};
