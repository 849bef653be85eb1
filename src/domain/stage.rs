//! The conveyor's stations: their keys, names and defaults.

use serde::{Deserialize, Serialize};

/// A station of the conveyor, in conveyor order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Telemarketer,
    Qualifier,
    Hunter,
    Closer,
    Farmer,
}

impl Stage {
    /// Every station in conveyor order, enabled or not.
    pub const ALL: [Stage; 5] = [
        Stage::Telemarketer,
        Stage::Qualifier,
        Stage::Hunter,
        Stage::Closer,
        Stage::Farmer,
    ];

    /// The stable key used in the database, the CLI and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Telemarketer => "telemarketer",
            Stage::Qualifier => "qualifier",
            Stage::Hunter => "hunter",
            Stage::Closer => "closer",
            Stage::Farmer => "farmer",
        }
    }

    /// Exact key lookup (database values).
    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::from_key_bytes(key.as_bytes())
    }

    /// [`Stage::from_key`] of a key's bytes (a column read unchecked).
    pub fn from_key_bytes(key: &[u8]) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key().as_bytes() == key)
    }

    pub(super) fn russian_keys(self) -> &'static [&'static str] {
        match self {
            Stage::Telemarketer => &["телемаркетолог", "т"],
            Stage::Qualifier => &["квалификатор", "лидоруб", "к", "кв"],
            Stage::Hunter => &["хантер", "х"],
            Stage::Closer => &["клоузер", "кл"],
            Stage::Farmer => &["фермер", "ф"],
        }
    }

    /// How many days a card may sit here before it is stale; `None` = never.
    pub fn default_stale_days(self) -> Option<u32> {
        match self {
            Stage::Telemarketer => Some(3),
            Stage::Qualifier => Some(2),
            Stage::Hunter => Some(14),
            Stage::Closer => Some(7),
            Stage::Farmer => None,
        }
    }

    /// Whether a first payment from a client here makes them a farmer's client.
    pub fn awaits_first_payment(self) -> bool {
        matches!(self, Stage::Hunter | Stage::Closer)
    }
}
