//! The config file (TOML, in the platform config directory or
//! `KONVEYER_CONFIG`): language, currency, rule settings, stage limits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::rules::RuleSettings;
use crate::domain::{Stage, StageSettings};
use crate::error::{Error, Result, SettingFault};

/// Everything the config file may set; all of it optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `en` or `ru`.
    pub lang: Option<String>,
    /// Three-letter code of the default currency.
    pub currency: Option<String>,
    /// Two-letter country whose phone numbers may be written without the
    /// country code (`8 (999) 123-45-67` in RU).
    pub region: Option<String>,
    pub rules: RuleSettings,
    pub calls: CallsConfig,
    pub stages: StagesConfig,
    pub segments: SegmentsConfig,
    /// The loss reasons offered by digit on the board (default: the
    /// interface language's list).
    pub loss_reasons: Option<Vec<String>>,
    /// What happens by itself when a client enters a station, is lost or pays.
    pub robots: Vec<Robot>,
    /// The person's dialler: a program and its arguments, `{phone}` the
    /// number in E.164 (no shell); empty: the number is copied instead.
    pub dial: Vec<String>,
    /// The board's keys a person moved: an action's name (`move-next`) and
    /// its key or keys (`"f"`, `["f", ">"]`) in place of the defaults
    /// (checked by the board, which knows its actions: `tui::keymap`).
    pub keys: BTreeMap<String, KeyNames>,
    /// The file this was read from, for what is said of it.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// An action's keys in `[keys]`: one, or a list.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyNames {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for KeyNames {
    /// A string or a list of strings; anything else is said as what a key
    /// is written as.
    fn deserialize<D: serde::Deserializer<'de>>(to: D) -> std::result::Result<Self, D::Error> {
        struct Names;
        impl<'de> serde::de::Visitor<'de> for Names {
            type Value = KeyNames;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#"a key or a list of keys ("f" or ["f", ">"])"#)
            }
            fn visit_str<E: serde::de::Error>(
                self,
                name: &str,
            ) -> std::result::Result<KeyNames, E> {
                Ok(KeyNames::One(name.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut list: A,
            ) -> std::result::Result<KeyNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = list.next_element::<String>()? {
                    names.push(name);
                }
                Ok(KeyNames::Many(names))
            }
        }
        to.deserialize_any(Names)
    }
}

impl KeyNames {
    pub fn names(&self) -> Vec<&str> {
        match self {
            KeyNames::One(name) => vec![name.as_str()],
            KeyNames::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// The `[calls]` table: the cadence of unanswered calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallsConfig {
    /// Working days before each retry (`1`, or `"1d"`); the last repeats.
    pub retry: Vec<RetryStep>,
    /// After this many unanswered calls at a station the card is offered
    /// for losing as unreachable (0: never).
    pub give_up_after: u32,
}

/// A retry's wait: a number of working days, or `"2d"` / `"2д"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RetryStep {
    Days(u32),
    Text(String),
}

impl RetryStep {
    fn days(&self) -> Option<u32> {
        match self {
            RetryStep::Days(n) => Some(*n),
            RetryStep::Text(t) => {
                let t = t.trim();
                let number = t.strip_suffix('d').or_else(|| t.strip_suffix('д'))?;
                number.trim().parse().ok()
            }
        }
    }
}

impl Default for CallsConfig {
    fn default() -> Self {
        let cadence = crate::domain::rules::Cadence::default();
        CallsConfig {
            retry: cadence
                .retry_days
                .into_iter()
                .map(RetryStep::Days)
                .collect(),
            give_up_after: cadence.give_up_after,
        }
    }
}

impl CallsConfig {
    /// The cadence this table says (checked when the file was read).
    pub fn cadence(&self) -> crate::domain::rules::Cadence {
        crate::domain::rules::Cadence {
            retry_days: self.retry.iter().filter_map(RetryStep::days).collect(),
            give_up_after: self.give_up_after,
        }
    }
}

/// The `[segments]` table: ABC thresholds as shares of the year's revenue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentsConfig {
    /// A: the clients that make the top `a` of revenue.
    pub a: f64,
    /// B: the next ones up to `b`.
    pub b: f64,
}

impl Default for SegmentsConfig {
    fn default() -> Self {
        SegmentsConfig { a: 0.8, b: 0.95 }
    }
}

/// The `[stages]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StagesConfig {
    /// Turn the closer station on or off.
    pub closer: Option<bool>,
    /// Days before a card is stale, per stage key.
    pub stale_days: BTreeMap<String, u32>,
}

/// What a team shares, kept in its database and changed by the head of
/// sales alone (`konveyer settings`): the parts of the config file that
/// decide the conveyor's numbers and rules. A person's own file keeps its
/// language and robots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss_reasons: Option<Vec<String>>,
    pub rules: RuleSettings,
    pub calls: CallsConfig,
    pub stages: StagesConfig,
    pub segments: SegmentsConfig,
}

/// A currency setting as its code (`₽`, `rub` → `RUB`), as every amount
/// is kept: the money a report counts is compared with it.
fn currency_code(setting: &Option<String>) -> Option<String> {
    let setting = setting.as_deref()?;
    Some(crate::domain::money::parse_currency(setting).unwrap_or_else(|_| setting.to_string()))
}

impl TeamSettings {
    /// The settings as TOML, as `settings` prints them and the team's
    /// database keeps them.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| Error::Io(e.to_string()))
    }

    /// Settings read from TOML (`source` names where, for the messages),
    /// checked as the config file is; a person's own settings (language,
    /// robots) are refused.
    pub fn parse(text: &str, source: &Path) -> Result<TeamSettings> {
        let mut settings: TeamSettings = toml::from_str(text)
            .map_err(|e| Error::BadConfig(source.to_path_buf(), e.message().to_string()))?;
        settings.in_config().check(source)?;
        settings.currency = currency_code(&settings.currency);
        Ok(settings)
    }

    /// A config with these settings and nothing of a person's own.
    fn in_config(&self) -> Config {
        Config::default().with_team(self)
    }
}

impl Config {
    /// Reads `path`; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match settings_text(path)? {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::BadConfig(path.to_path_buf(), e.to_string())),
        };
        let mut config: Config = toml::from_str(&text)
            .map_err(|e| Error::BadConfig(path.to_path_buf(), e.message().to_string()))?;
        config.check(path)?;
        config.currency = currency_code(&config.currency);
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// This config with a team's shared settings in place of its own.
    pub fn with_team(&self, team: &TeamSettings) -> Config {
        Config {
            currency: currency_code(&team.currency),
            region: team.region.clone(),
            loss_reasons: team.loss_reasons.clone(),
            rules: team.rules,
            calls: team.calls.clone(),
            stages: team.stages.clone(),
            segments: team.segments,
            ..self.clone()
        }
    }

    /// The shared part of this config (what a team keeps in its database).
    pub fn team_settings(&self) -> TeamSettings {
        TeamSettings {
            currency: self.currency.clone(),
            region: self.region.clone(),
            loss_reasons: self.loss_reasons.clone(),
            rules: self.rules,
            calls: self.calls.clone(),
            stages: self.stages.clone(),
            segments: self.segments,
        }
    }

    /// Every setting one that makes sense (`path` names the file).
    fn check(&self, path: &Path) -> Result<()> {
        let config = self;
        let fault = |fault: SettingFault, on: &str, value: &str| Error::ConfigSetting {
            path: path.to_path_buf(),
            fault,
            on: on.to_string(),
            value: value.to_string(),
        };
        for key in config.stages.stale_days.keys() {
            if Stage::from_key(key).is_none() {
                return Err(fault(SettingFault::StaleStage, "", key));
            }
        }
        config.check_ranges(path)?;
        if let Some(lang) = &config.lang
            && crate::i18n::Lang::parse(lang).is_none()
        {
            return Err(Error::ConfigLang(path.to_path_buf(), lang.clone()));
        }
        for robot in &config.robots {
            let on = robot.on.as_str();
            if robot.event().is_none() {
                return Err(fault(SettingFault::RobotOn, on, on));
            }
            if let Some(stage) = &robot.stage
                && Stage::parse(stage).is_err()
            {
                return Err(fault(SettingFault::RobotStage, on, stage));
            }
            if let Some(after) = &robot.after
                && crate::domain::when::parse_when(after, chrono::NaiveDateTime::default()).is_err()
            {
                return Err(fault(SettingFault::RobotAfter, on, after));
            }
            if robot.remind.is_none() && robot.run.is_empty() {
                return Err(fault(SettingFault::RobotIdle, on, ""));
            }
        }
        if let Some(currency) = &config.currency
            && crate::domain::money::parse_currency(currency).is_err()
        {
            return Err(Error::ConfigCurrency(path.to_path_buf(), currency.clone()));
        }
        if let Some(region) = &config.region
            && crate::domain::phone::Region::parse(region).is_none()
        {
            return Err(fault(SettingFault::Region, "", region));
        }
        Ok(())
    }

    /// Every number within a range that makes sense for a salesperson's
    /// calendar, so that no setting can overflow a date later.
    fn check_ranges(&self, path: &Path) -> Result<()> {
        let out_of_range = |key: String, value: String, min: &str, max: &str| Error::ConfigRange {
            path: path.to_path_buf(),
            key,
            value,
            min: min.to_string(),
            max: max.to_string(),
        };
        let r = &self.rules;
        let whole = [
            ("rules.chase_after_days", r.chase_after_days, 1, 365),
            (
                "rules.reactivation_default_days",
                r.reactivation_default_days,
                1,
                3650,
            ),
            ("rules.farmer_capacity", r.farmer_capacity, 1, 100_000),
        ];
        let stale = self
            .stages
            .stale_days
            .iter()
            .map(|(stage, days)| (format!("stages.stale_days.{stage}"), *days, 1, 3650));
        for (key, value, min, max) in whole
            .into_iter()
            .map(|(k, v, lo, hi)| (k.to_string(), v, lo, hi))
            .chain(stale)
        {
            if !(min..=max).contains(&value) {
                let (min, max) = (min.to_string(), max.to_string());
                return Err(out_of_range(key, value.to_string(), &min, &max));
            }
        }
        let seg = self.segments;
        let shares_ok =
            seg.a.is_finite() && seg.b.is_finite() && 0.0 < seg.a && seg.a < seg.b && seg.b <= 1.0;
        if !shares_ok {
            let value = format!("a = {}, b = {}", seg.a, seg.b);
            return Err(out_of_range("segments".into(), value, "0 < a < b", "1"));
        }
        for step in &self.calls.retry {
            let days = step.days().filter(|d| (1..=60).contains(d));
            if days.is_none() {
                let value = match step {
                    RetryStep::Days(n) => n.to_string(),
                    RetryStep::Text(t) => t.clone(),
                };
                return Err(out_of_range("calls.retry".into(), value, "1d", "60d"));
            }
        }
        if self.calls.give_up_after > 50 {
            let value = self.calls.give_up_after.to_string();
            return Err(out_of_range("calls.give_up_after".into(), value, "0", "50"));
        }
        let factor = r.reactivation_factor;
        if !(factor.is_finite() && (1.0..=10.0).contains(&factor)) {
            let key = "rules.reactivation_factor".to_string();
            return Err(out_of_range(key, factor.to_string(), "1.0", "10.0"));
        }
        Ok(())
    }

    /// The currency of new invoices and of the money reports count.
    /// The phone region: the config's, else Russia.
    pub fn region(&self) -> crate::domain::phone::Region {
        self.region
            .as_deref()
            .and_then(crate::domain::phone::Region::parse)
            .unwrap_or_default()
    }

    pub fn currency(&self) -> &str {
        self.currency
            .as_deref()
            .unwrap_or(crate::domain::money::DEFAULT_CURRENCY)
    }

    /// The stage settings this config asks for, starting from `current`.
    pub fn stage_settings(&self, current: &[StageSettings]) -> Vec<StageSettings> {
        current
            .iter()
            .map(|s| {
                let mut s = *s;
                if let Some(days) = self.stages.stale_days.get(s.stage.key()) {
                    s.stale_days = Some(*days);
                }
                if s.stage == Stage::Closer
                    && let Some(on) = self.stages.closer
                {
                    s.enabled = on;
                }
                s
            })
            .collect()
    }
}

/// The most a settings file (this config, libpq's password and service
/// files) is read to: far past any real one, short of a device's endless
/// bytes.
pub const SETTINGS_MAX: u64 = 1 << 20;

/// The text of settings file `path`, read to at most [`SETTINGS_MAX`]
/// bytes: longer is `Error::TooLarge` (a device or an endless pipe named
/// by mistake), not read on until memory runs out. A pipe (a password
/// from `<(pass …)`) is fine. `Ok(Err(…))`: the file could not be read.
pub fn settings_text(path: &Path) -> Result<std::io::Result<String>> {
    use std::io::Read;
    let mut text = String::new();
    let read =
        std::fs::File::open(path).and_then(|f| f.take(SETTINGS_MAX + 1).read_to_string(&mut text));
    match read {
        Ok(n) if n as u64 > SETTINGS_MAX => Err(Error::TooLarge(path.to_path_buf(), SETTINGS_MAX)),
        Ok(_) => Ok(Ok(text)),
        Err(e) => Ok(Err(e)),
    }
}

/// Where the config file lives when `KONVEYER_CONFIG` does not say.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "konveyer").map(|d| d.config_dir().join("config.toml"))
}

/// One `[[robots]]` entry of the config. What it waits for is read in
/// `service::robots`, which runs it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Robot {
    /// `enter:STATION` (or the station alone: `qualifier`, `хантер` …),
    /// `created`, `lost` or `paid`.
    pub on: String,
    /// Only for a client at this station (when created, lost or paid).
    #[serde(default)]
    pub stage: Option<String>,
    /// Only for a client from this source (`website`, `referral` …).
    #[serde(default)]
    pub source: Option<String>,
    /// A reminder to add: its text.
    pub remind: Option<String>,
    /// … due then (WHEN: `+2d`, `tomorrow 10:00`, `friday` …) …
    #[serde(default)]
    pub after: Option<String>,
    /// … or this many days later (the older spelling; default 1).
    #[serde(default = "one")]
    pub in_days: u32,
    /// A command to run (no shell): the program, then its arguments.
    #[serde(default)]
    pub run: Vec<String>,
    /// How long the command may take (seconds; default 10).
    #[serde(default = "ten")]
    pub timeout_secs: u32,
}

fn one() -> u32 {
    1
}

fn ten() -> u32 {
    10
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_annotated_example_in_assets_is_the_defaults() {
        let example: Config =
            toml::from_str(include_str!("../assets/config.example.toml")).expect("parses");
        assert_eq!(example.rules, RuleSettings::default());
        let defaults = StageSettings::defaults();
        assert_eq!(example.stage_settings(&defaults), defaults);
        assert_eq!(example.lang.as_deref(), Some("en"));
        assert_eq!(example.currency.as_deref(), Some("RUB"));
    }

    use super::*;

    #[test]
    fn numbers_out_of_range_are_refused_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        for (text, key) in [
            (
                "[stages.stale_days]\nhunter = 4294967295\n",
                "stages.stale_days.hunter",
            ),
            (
                "[rules]\nchase_after_days = 4294967295\n",
                "rules.chase_after_days",
            ),
            ("[rules]\nchase_after_days = 0\n", "rules.chase_after_days"),
            (
                "[rules]\nreactivation_factor = 1e308\n",
                "rules.reactivation_factor",
            ),
            ("[rules]\nfarmer_capacity = 0\n", "rules.farmer_capacity"),
        ] {
            std::fs::write(&path, text).unwrap();
            match Config::load(&path) {
                Err(Error::ConfigRange { key: k, .. }) => assert_eq!(k, key),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    /// The currency as its code, as amounts keep it (a report compares
    /// them); one that is none is refused.
    #[test]
    fn the_currency_is_kept_as_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        for (written, code) in [("€", "EUR"), ("usd", "USD"), ("руб.", "RUB")] {
            std::fs::write(&path, format!("currency = \"{written}\"\n")).unwrap();
            assert_eq!(Config::load(&path).unwrap().currency(), code);
            let team = TeamSettings::parse(&format!("currency = \"{written}\"\n"), &path);
            assert_eq!(team.unwrap().currency.as_deref(), Some(code));
        }
        std::fs::write(&path, "currency = \"euros\"\n").unwrap();
        assert!(matches!(Config::load(&path), Err(Error::ConfigCurrency(_, v)) if v == "euros"));
    }

    #[test]
    fn an_unknown_language_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "lang = \"xx\"\n").unwrap();
        assert!(matches!(Config::load(&path), Err(Error::ConfigLang(_, v)) if v == "xx"));
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(&dir.path().join("none.toml")).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.rules.chase_after_days, 2);
        assert_eq!(config.rules.farmer_capacity, 60);
    }

    #[test]
    fn settings_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "lang = \"ru\"\n[rules]\nchase_after_days = 3\n[stages]\ncloser = true\n[stages.stale_days]\nhunter = 10\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.lang.as_deref(), Some("ru"));
        assert_eq!(config.rules.chase_after_days, 3);
        assert_eq!(config.rules.reactivation_default_days, 60);
        let stages = config.stage_settings(&StageSettings::defaults());
        assert!(stages.iter().any(|s| s.stage == Stage::Closer && s.enabled));
        assert!(
            stages
                .iter()
                .any(|s| s.stage == Stage::Hunter && s.stale_days == Some(10))
        );

        std::fs::write(&path, "[rules]\nchase_after = 3\n").unwrap();
        assert!(matches!(Config::load(&path), Err(Error::BadConfig(..))));
        std::fs::write(&path, "[stages.stale_days]\nsales = 3\n").unwrap();
        assert!(matches!(
            Config::load(&path),
            Err(Error::ConfigSetting { fault: SettingFault::StaleStage, value, .. }) if value == "sales"
        ));
        std::fs::write(&path, "region = \"Russia\"\n").unwrap();
        assert!(matches!(
            Config::load(&path),
            Err(Error::ConfigSetting {
                fault: SettingFault::Region,
                ..
            })
        ));
    }
}
