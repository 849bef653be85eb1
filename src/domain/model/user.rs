//! A person of a team conveyor.

use serde::Serialize;

use crate::domain::stage::Stage;

/// A person of a team conveyor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub login: String,
    pub name: String,
    /// The stations they work (hand-offs into them come to them).
    pub stations: Vec<Stage>,
    /// The head of sales: may reassign cards and sees the team.
    pub head: bool,
    /// Away: skipped by hand-offs and rotation.
    pub absent: bool,
}

impl User {
    /// Up to two capital letters of the name (shown on cards).
    pub fn initials(&self) -> String {
        let letters: String = self
            .name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        match letters.is_empty() {
            true => self.login.chars().take(2).collect(),
            false => letters,
        }
    }

    pub fn works(&self, stage: Stage) -> bool {
        self.stations.contains(&stage)
    }
}
