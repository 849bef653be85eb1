//! The keys a person moved in the config's `[keys]`: each action by its
//! name, its key or keys in place of the defaults, in every place of the
//! board the action is; refused whole when a name is no action, a key is
//! no key, or one key would mean two actions in one place.

use std::collections::BTreeMap;

use super::{BINDINGS, Key, Keymap, Scope};
use crate::config::{Config, KeyNames};
use crate::error::{Error, KeyFault, KeysFault as Fault, Result};
use crate::tui::action::{Action, action_name};

/// The places a key is looked up in (`Global` is in each of them).
const PLACES: [Scope; 6] = [
    Scope::Board,
    Scope::Reminders,
    Scope::Detail,
    Scope::Agenda,
    Scope::Reports,
    Scope::Team,
];

impl Key {
    /// A key as `[keys]` writes it: one letter, digit or sign as typed, or
    /// a key's name (`Left`, `PgDn`, `Esc`; any case).
    pub fn parse(name: &str) -> Option<Key> {
        let mut chars = name.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_whitespace() && !c.is_control()).then_some(Key::Char(c));
        }
        Some(match name.to_lowercase().as_str() {
            "left" => Key::Left,
            "right" => Key::Right,
            "up" => Key::Up,
            "down" => Key::Down,
            "enter" => Key::Enter,
            "tab" => Key::Tab,
            "esc" | "escape" => Key::Esc,
            "home" => Key::Home,
            "end" => Key::End,
            "pgup" | "pageup" => Key::PageUp,
            "pgdn" | "pagedown" => Key::PageDown,
            "del" | "delete" => Key::Delete,
            _ => return None,
        })
    }
}

/// Every action the board binds, once each, in help order.
fn actions() -> Vec<Action> {
    let mut all: Vec<Action> = Vec::new();
    for b in BINDINGS {
        if !all.contains(&b.action) {
            all.push(b.action);
        }
    }
    all
}

impl Keymap {
    /// The default keys with those `moved` gives in their place.
    pub fn with(moved: &BTreeMap<String, KeyNames>) -> std::result::Result<Keymap, Fault> {
        let mut map = Keymap::default();
        let all = actions();
        for (name, names) in moved {
            let fault = |fault, key: &str, other: String| Fault {
                fault,
                action: name.clone(),
                key: key.to_string(),
                other,
            };
            let Some(action) = all.iter().copied().find(|a| action_name(*a) == *name) else {
                let names: Vec<String> = all.iter().map(|a| action_name(*a)).collect();
                return Err(fault(KeyFault::NoAction, "", names.join(", ")));
            };
            let names = names.names();
            let keys: Vec<Key> = match names.is_empty() {
                true => return Err(fault(KeyFault::NoKey, "", String::new())),
                false => names
                    .iter()
                    .map(|k| Key::parse(k).ok_or_else(|| fault(KeyFault::NoKey, k, String::new())))
                    .collect::<std::result::Result<_, _>>()?,
            };
            for b in map.bound.iter_mut().filter(|b| b.action == action) {
                b.keys = keys.clone();
            }
        }
        match map.clash() {
            Some((key, first, second)) => Err(Fault {
                fault: KeyFault::Twice,
                action: action_name(first),
                key: key.label(),
                other: action_name(second),
            }),
            None => Ok(map),
        }
    }

    /// [`Keymap::with`] the config's `[keys]`, a fault said as the
    /// config's.
    pub fn of(config: &Config) -> Result<Keymap> {
        Keymap::with(&config.keys)
            .map_err(|f| Error::ConfigKeys(config.source.clone().unwrap_or_default(), f))
    }

    /// A key that means two actions in one place, if any: the key and
    /// both actions.
    fn clash(&self) -> Option<(Key, Action, Action)> {
        for place in PLACES {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for b in self.bound.iter().filter(|b| b.applies_in(place)) {
                for key in &b.keys {
                    match seen.iter().find(|(k, _)| k == key) {
                        Some((_, other)) if *other != b.action => {
                            return Some((*key, *other, b.action));
                        }
                        _ => seen.push((*key, b.action)),
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn moved(pairs: &[(&str, &[&str])]) -> BTreeMap<String, KeyNames> {
        pairs
            .iter()
            .map(|(name, keys)| {
                let keys = keys.iter().map(|k| k.to_string()).collect();
                (name.to_string(), KeyNames::Many(keys))
            })
            .collect()
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_default_keys_mean_one_action_each_in_every_place() {
        assert_eq!(Keymap::default().clash(), None);
        assert_eq!(Keymap::with(&BTreeMap::new()), Ok(Keymap::default()));
    }

    #[test]
    fn a_moved_key_means_its_action_everywhere_and_the_old_one_nothing() {
        let map = Keymap::with(&moved(&[
            ("move-next", &["f", ">"]),
            ("focus-2", &["ч"]),
            ("done", &["y"]),
        ]))
        .unwrap_or_else(|f| panic!("{f:?}"));
        for scope in [Scope::Board, Scope::Detail] {
            assert_eq!(map.action_for(&key('f'), scope), Some(Action::MoveNext));
            assert_eq!(map.action_for(&key('L'), scope), None);
        }
        // In the Russian layout too: `а` is on the `f` key.
        assert_eq!(
            map.action_for(&key('а'), Scope::Board),
            Some(Action::MoveNext)
        );
        // A Russian letter given an action means it as typed.
        assert_eq!(
            map.action_for(&key('ч'), Scope::Board),
            Some(Action::Focus(2))
        );
        assert_eq!(
            map.action_for(&key('y'), Scope::Reminders),
            Some(Action::Done)
        );
        assert_eq!(map.action_for(&key('d'), Scope::Reminders), None);
        assert_eq!(map.key_of(Action::MoveNext), "f");
    }

    #[test]
    fn a_name_that_is_no_action_a_key_that_is_none_and_a_clash_are_refused() {
        let fault = |pairs: &[(&str, &[&str])]| Keymap::with(&moved(pairs)).unwrap_err();
        let f = fault(&[("fly", &["f"])]);
        assert_eq!((f.fault, f.action.as_str()), (KeyFault::NoAction, "fly"));
        assert!(
            f.other.contains("move-next") && f.other.contains("focus-5"),
            "{f:?}"
        );
        let f = fault(&[("lose", &["Ctrl+x"])]);
        assert_eq!((f.fault, f.key.as_str()), (KeyFault::NoKey, "Ctrl+x"));
        assert_eq!(fault(&[("lose", &[])]).fault, KeyFault::NoKey);
        assert_eq!(fault(&[("lose", &[" "])]).fault, KeyFault::NoKey);
        // `c` is the call's key wherever losing is.
        let f = fault(&[("lose", &["c"])]);
        assert_eq!(
            (f.fault, f.key.as_str(), f.action.as_str(), f.other.as_str()),
            (KeyFault::Twice, "c", "log-call", "lose")
        );
        // Two moved onto each other's keys is no clash.
        assert!(Keymap::with(&moved(&[("lose", &["c"]), ("log-call", &["x"])])).is_ok());
    }

    #[test]
    fn the_example_configs_keys_are_taken_and_name_every_action() {
        let example = include_str!("../../../assets/config.example.toml");
        let (_, keys) = example.split_once("# [keys]\n").expect("a [keys] example");
        let lines: Vec<&str> = keys.lines().map_while(|l| l.strip_prefix("# ")).collect();
        let moved: BTreeMap<String, KeyNames> =
            toml::from_str(&lines.join("\n")).expect("the example's [keys]");
        assert!(!moved.is_empty());
        assert!(Keymap::with(&moved).is_ok());
        let (_, listed) = example.split_once("# footer, `?`").expect("the actions");
        let listed: String = listed.lines().map(|l| l.trim_start_matches('#')).collect();
        for action in actions() {
            let name = action_name(action);
            let shown = match name.strip_prefix("focus-") {
                Some(_) => "focus-1 …".to_string(),
                None => format!(" {name},"),
            };
            let last = format!(" {name}.");
            assert!(
                listed.contains(&shown) || listed.contains(&last),
                "{name} not in the example's list"
            );
        }
    }
}
