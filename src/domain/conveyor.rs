//! How a card moves between the stations: what a person types for a
//! station, and the conveyor as configured.

use serde::Serialize;

use super::error::DomainError as Error;
use super::stage::Stage;

impl Stage {
    /// Parses what a person types: a key, its first letter, or the Russian
    /// role name; case-insensitive.
    pub fn parse(input: &str) -> Result<Stage, Error> {
        let lower = input.trim().to_lowercase();
        Stage::named(&lower).ok_or_else(|| Error::BadStage(input.to_string()))
    }

    /// The station `lower` (trimmed, in lower case) names: its key, the
    /// key's first letter, or its Russian name.
    pub fn named(lower: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| {
            s.key() == lower
                || (lower.len() == 1 && s.key().starts_with(lower))
                || s.russian_keys().contains(&lower)
        })
    }
}

/// Where `konveyer move` should take a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageTarget {
    To(Stage),
    Next,
    Prev,
}

impl StageTarget {
    pub fn parse(input: &str) -> Result<StageTarget, Error> {
        match input.trim().to_lowercase().as_str() {
            "next" | "далее" | "дальше" => Ok(StageTarget::Next),
            "prev" | "previous" | "back" | "назад" => Ok(StageTarget::Prev),
            _ => Stage::parse(input).map(StageTarget::To),
        }
    }
}

/// A station's settings as stored in the `stages` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StageSettings {
    pub stage: Stage,
    pub stale_days: Option<u32>,
    pub enabled: bool,
}

impl StageSettings {
    pub fn defaults() -> Vec<StageSettings> {
        Stage::ALL
            .into_iter()
            .map(|stage| StageSettings {
                stage,
                stale_days: stage.default_stale_days(),
                enabled: stage != Stage::Closer,
            })
            .collect()
    }
}

/// The conveyor as configured: which stations are on, and their limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conveyor {
    settings: Vec<StageSettings>,
}

impl Conveyor {
    pub fn new(mut settings: Vec<StageSettings>) -> Conveyor {
        settings.sort_by_key(|s| s.stage);
        Conveyor { settings }
    }

    /// Every station's settings, in conveyor order.
    pub fn all(&self) -> &[StageSettings] {
        &self.settings
    }

    pub fn settings(&self, stage: Stage) -> Option<&StageSettings> {
        self.settings.iter().find(|s| s.stage == stage)
    }

    pub fn is_enabled(&self, stage: Stage) -> bool {
        self.settings(stage).is_some_and(|s| s.enabled)
    }

    pub fn stale_days(&self, stage: Stage) -> Option<u32> {
        self.settings(stage).and_then(|s| s.stale_days)
    }

    /// The enabled stations in conveyor order.
    pub fn enabled(&self) -> impl Iterator<Item = Stage> + '_ {
        self.settings.iter().filter(|s| s.enabled).map(|s| s.stage)
    }

    /// Resolves a move target from `from`; errors name what went wrong.
    pub fn resolve(&self, from: Stage, target: StageTarget) -> Result<Stage, Error> {
        let to = match target {
            StageTarget::To(stage) => {
                if !self.is_enabled(stage) {
                    return Err(Error::StageDisabled(stage));
                }
                stage
            }
            StageTarget::Next => self
                .enabled()
                .find(|s| *s > from)
                .ok_or(Error::NoNextStage(from))?,
            StageTarget::Prev => self
                .enabled()
                .filter(|s| *s < from)
                .last()
                .ok_or(Error::NoPrevStage(from))?,
        };
        if to == from {
            return Err(Error::AlreadyInStage(from));
        }
        Ok(to)
    }
}

impl Default for Conveyor {
    fn default() -> Self {
        Conveyor::new(StageSettings::defaults())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_letters_and_russian_names() {
        assert_eq!(Stage::parse("hunter").unwrap(), Stage::Hunter);
        assert_eq!(Stage::parse("Q").unwrap(), Stage::Qualifier);
        assert_eq!(Stage::parse("f").unwrap(), Stage::Farmer);
        assert_eq!(Stage::parse("Фермер").unwrap(), Stage::Farmer);
        assert_eq!(Stage::parse("лидоруб").unwrap(), Stage::Qualifier);
        for (word, stage) in [
            ("к", Stage::Qualifier),
            ("К", Stage::Qualifier),
            ("квалификатор", Stage::Qualifier),
            ("т", Stage::Telemarketer),
            ("х", Stage::Hunter),
            ("кл", Stage::Closer),
            ("ф", Stage::Farmer),
        ] {
            assert_eq!(Stage::parse(word).unwrap(), stage, "{word}");
        }
    }

    #[test]
    fn rejects_unknown_stage() {
        assert!(matches!(Stage::parse("sales"), Err(Error::BadStage(s)) if s == "sales"));
        assert!(Stage::parse("").is_err());
        assert!(Stage::parse("z").is_err());
    }

    #[test]
    fn next_skips_the_disabled_closer() {
        let c = Conveyor::default();
        assert_eq!(
            c.resolve(Stage::Hunter, StageTarget::Next).unwrap(),
            Stage::Farmer
        );
        assert_eq!(
            c.resolve(Stage::Farmer, StageTarget::Prev).unwrap(),
            Stage::Hunter
        );
    }

    #[test]
    fn next_uses_the_closer_when_enabled() {
        let mut settings = StageSettings::defaults();
        settings.iter_mut().for_each(|s| s.enabled = true);
        let c = Conveyor::new(settings);
        assert_eq!(
            c.resolve(Stage::Hunter, StageTarget::Next).unwrap(),
            Stage::Closer
        );
    }

    #[test]
    fn ends_of_the_conveyor_and_disabled_targets_are_errors() {
        let c = Conveyor::default();
        assert!(matches!(
            c.resolve(Stage::Farmer, StageTarget::Next),
            Err(Error::NoNextStage(Stage::Farmer))
        ));
        assert!(matches!(
            c.resolve(Stage::Telemarketer, StageTarget::Prev),
            Err(Error::NoPrevStage(Stage::Telemarketer))
        ));
        assert!(matches!(
            c.resolve(Stage::Hunter, StageTarget::To(Stage::Closer)),
            Err(Error::StageDisabled(Stage::Closer))
        ));
        assert!(matches!(
            c.resolve(Stage::Hunter, StageTarget::To(Stage::Hunter)),
            Err(Error::AlreadyInStage(Stage::Hunter))
        ));
    }

    #[test]
    fn target_words() {
        assert_eq!(StageTarget::parse("next").unwrap(), StageTarget::Next);
        assert_eq!(StageTarget::parse("PREV").unwrap(), StageTarget::Prev);
        assert_eq!(
            StageTarget::parse("h").unwrap(),
            StageTarget::To(Stage::Hunter)
        );
    }
}
