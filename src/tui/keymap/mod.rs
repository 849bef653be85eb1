//! The board's keys: the defaults, and those a person moved in the
//! config's `[keys]` (`moved.rs`). This one table drives the key handling,
//! the footer hints, the help overlay and every sentence that names a key,
//! so the hints never lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

mod moved;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The board's columns.
    Board,
    /// The reminder pane.
    Reminders,
    /// The client detail screen.
    Detail,
    /// The agenda: a list of things to do, each about a client.
    Agenda,
    /// The reports screen: periods, pages, the plan.
    Reports,
    /// The head of sales' day (team mode): a page to scroll.
    Team,
    /// Everywhere outside pop-ups.
    Global,
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Left,
    Right,
    Up,
    Down,
    Enter,
    Tab,
    Esc,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        match (self, event.code) {
            (Key::Char(c), KeyCode::Char(e)) => c == e,
            (Key::Left, KeyCode::Left)
            | (Key::Right, KeyCode::Right)
            | (Key::Up, KeyCode::Up)
            | (Key::Down, KeyCode::Down)
            | (Key::Enter, KeyCode::Enter)
            | (Key::Tab, KeyCode::Tab)
            | (Key::Esc, KeyCode::Esc)
            | (Key::Home, KeyCode::Home)
            | (Key::End, KeyCode::End)
            | (Key::PageUp, KeyCode::PageUp)
            | (Key::PageDown, KeyCode::PageDown)
            | (Key::Delete, KeyCode::Delete) => true,
            _ => false,
        }
    }

    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        match self {
            Key::Char(c) => c.to_string(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Enter => "Enter".into(),
            Key::Tab => "Tab".into(),
            Key::Esc => "Esc".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Delete => "Del".into(),
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scopes: &'static [Scope],
    /// Shown in the footer of its scopes.
    pub hint: bool,
}

use Scope::{
    Agenda as A, Board as B, Detail as D, Global as G, Reminders as R, Reports as S, Team as T,
};

const fn bind(
    keys: &'static [Key],
    action: Action,
    scopes: &'static [Scope],
    hint: bool,
) -> Binding {
    Binding {
        keys,
        action,
        scopes,
        hint,
    }
}

/// Every default binding, in help order; in the footer, hints are shown
/// in this order too, so the most useful keys of a place come first. The
/// pane and the agenda act on the client of the selected reminder or item.
pub const BINDINGS: &[Binding] = &[
    bind(&[Key::Char('h'), Key::Left], Action::Left, &[B], false),
    bind(&[Key::Char('l'), Key::Right], Action::Right, &[B], false),
    bind(&[Key::Char('h'), Key::Left], Action::PeriodBack, &[S], true),
    bind(
        &[Key::Char('l'), Key::Right],
        Action::PeriodForward,
        &[S],
        true,
    ),
    bind(&[Key::Char('w')], Action::PeriodWeek, &[S], true),
    bind(&[Key::Char('m')], Action::PeriodMonth, &[S], true),
    bind(&[Key::Char('t')], Action::PeriodCurrent, &[S], false),
    bind(&[Key::Char('P')], Action::SetPlan, &[S], true),
    bind(&[Key::Esc], Action::Back, &[S], true),
    bind(
        &[Key::Char('j'), Key::Down],
        Action::Down,
        &[B, R, D, A],
        false,
    ),
    bind(&[Key::Char('k'), Key::Up], Action::Up, &[B, R, D, A], false),
    bind(
        &[Key::Char('g'), Key::Home],
        Action::Top,
        &[B, R, D, A],
        false,
    ),
    bind(
        &[Key::Char('G'), Key::End],
        Action::Bottom,
        &[B, R, D, A],
        false,
    ),
    bind(&[Key::PageDown], Action::PageDown, &[B, R, D, A], false),
    bind(&[Key::PageUp], Action::PageUp, &[B, R, D, A], false),
    bind(&[Key::PageDown, Key::Down], Action::PageDown, &[S], false),
    bind(&[Key::PageUp, Key::Up], Action::PageUp, &[S], false),
    bind(&[Key::Char('j'), Key::Down], Action::Down, &[T], true),
    bind(&[Key::Char('k'), Key::Up], Action::Up, &[T], true),
    bind(&[Key::PageDown], Action::PageDown, &[T], false),
    bind(&[Key::PageUp], Action::PageUp, &[T], false),
    bind(&[Key::Char('c')], Action::LogCall, &[B, R, D, A], true),
    bind(&[Key::Char('D')], Action::Dial, &[B, R, D, A], false),
    bind(&[Key::Char('d')], Action::Done, &[R, A], true),
    bind(&[Key::Char('s')], Action::Snooze, &[R, A], true),
    bind(&[Key::Enter], Action::Open, &[B, R, A], true),
    bind(&[Key::Tab], Action::ToggleFocus, &[B, R], true),
    bind(
        &[Key::Char('L'), Key::Char('>')],
        Action::MoveNext,
        &[B, R, D],
        true,
    ),
    bind(
        &[Key::Char('H'), Key::Char('<')],
        Action::MovePrev,
        &[B, R, D],
        false,
    ),
    bind(&[Key::Char('a')], Action::Add, &[B, R, D], true),
    bind(&[Key::Char('e')], Action::Edit, &[B, D], false),
    bind(&[Key::Char('e')], Action::EditReminder, &[R], true),
    bind(&[Key::Delete], Action::DeleteReminder, &[R], false),
    bind(&[Key::Char('n')], Action::LogNote, &[B, R, D, A], false),
    bind(&[Key::Char('r')], Action::Remind, &[B, R, D, A], true),
    bind(&[Key::Char('x')], Action::Lose, &[B, R, D, A], false),
    bind(&[Key::Char('v')], Action::Revive, &[B, D, A], false),
    bind(&[Key::Char('i')], Action::Invoice, &[B, R, D, A], false),
    bind(&[Key::Char('p')], Action::Paid, &[B, R, D, A], false),
    bind(
        &[Key::Char('X')],
        Action::CancelInvoice,
        &[B, R, D, A],
        false,
    ),
    bind(&[Key::Char('z')], Action::ToggleLost, &[B], false),
    bind(&[Key::Char('o')], Action::ToggleMine, &[B, A], false),
    bind(&[Key::Char('O')], Action::Assign, &[B, D], false),
    bind(&[Key::Char('T')], Action::Team, &[B, R], false),
    bind(&[Key::Char('1')], Action::Focus(1), &[B, R], false),
    bind(&[Key::Char('2')], Action::Focus(2), &[B, R], false),
    bind(&[Key::Char('3')], Action::Focus(3), &[B, R], false),
    bind(&[Key::Char('4')], Action::Focus(4), &[B, R], false),
    bind(&[Key::Char('5')], Action::Focus(5), &[B, R], false),
    bind(&[Key::Char('A')], Action::Agenda, &[B, R], false),
    bind(&[Key::Char('R')], Action::Reports, &[B, R, S], false),
    bind(&[Key::Char('I')], Action::Import, &[B, R], false),
    bind(&[Key::Char('u')], Action::Undo, &[B, R, D, A], true),
    bind(&[Key::Char('/')], Action::Search, &[G], true),
    bind(&[Key::Esc], Action::Back, &[B, D, A, T], true),
    bind(&[Key::Char('q')], Action::Quit, &[G], true),
    bind(&[Key::Char('?')], Action::Help, &[G], true),
];

/// The Russian keyboard's letters (ЙЦУКЕН), and in [`LATIN`] the Latin
/// ones on the same keys (QWERTY), so that a key means the same in either
/// layout: a name typed in Russian leaves the layout Russian, and the next
/// `c` reads as `с`. The full stop and comma are the Latin `/` and `?`
/// keys.
const RUSSIAN: &str = "йцукенгшщзхъфывапролджэячсмитьбюёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ.,";
const LATIN: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~/?";

/// The key as the Latin layout has it: a Russian letter becomes the Latin
/// one on its key (`о` is `j`); any other key is as it is. For keys that
/// act, not text typed into a form.
pub fn latin(event: KeyEvent) -> KeyEvent {
    let KeyCode::Char(c) = event.code else {
        return event;
    };
    match RUSSIAN.chars().position(|r| r == c) {
        Some(at) => KeyEvent::new(
            KeyCode::Char(LATIN.chars().nth(at).unwrap_or(c)),
            event.modifiers,
        ),
        None => event,
    }
}

/// A binding in force: a default one, or its keys as the config moved them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub keys: Vec<Key>,
    pub action: Action,
    pub scopes: &'static [Scope],
    /// Shown in the footer of its scopes.
    pub hint: bool,
}

impl Bound {
    fn applies_in(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope) || self.scopes.contains(&Scope::Global)
    }
}

/// The board's keys in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bound: Vec<Bound>,
}

impl Default for Keymap {
    /// The default keys ([`BINDINGS`]).
    fn default() -> Keymap {
        let bound = BINDINGS
            .iter()
            .map(|b| Bound {
                keys: b.keys.to_vec(),
                action: b.action,
                scopes: b.scopes,
                hint: b.hint,
            })
            .collect();
        Keymap { bound }
    }
}

impl Keymap {
    /// The action a key means in `scope`, if any, in either keyboard
    /// layout (a key bound as it is typed first: a Russian letter the
    /// config gave an action).
    pub fn action_for(&self, event: &KeyEvent, scope: Scope) -> Option<Action> {
        if event.modifiers.contains(KeyModifiers::CONTROL) {
            return match latin(*event).code {
                KeyCode::Char('c') => Some(Action::Quit),
                _ => None,
            };
        }
        if event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        self.bound_to(event, |b| b.applies_in(scope))
    }

    /// Whether a key is one of `action`'s, wherever the action is: a
    /// pop-up that offers the action as one of its choices (the call's
    /// next number is the dial key's) answers to the key in force.
    pub fn means(&self, event: &KeyEvent, action: Action) -> bool {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        plain && self.bound_to(event, |b| b.action == action).is_some()
    }

    /// The action of the first binding `keep` lets through that has the
    /// key as typed, else its twin in the Latin layout.
    fn bound_to(&self, event: &KeyEvent, keep: impl Fn(&Bound) -> bool) -> Option<Action> {
        let find = |event: &KeyEvent| {
            self.bound
                .iter()
                .filter(|b| keep(b))
                .find(|b| b.keys.iter().any(|k| k.matches(event)))
                .map(|b| b.action)
        };
        find(event).or_else(|| find(&latin(*event)))
    }

    /// The bindings whose hints the footer shows in `scope`.
    pub fn hints(&self, scope: Scope) -> impl Iterator<Item = &Bound> {
        self.bound
            .iter()
            .filter(move |b| b.hint && b.applies_in(scope))
    }

    /// Every binding, in help order.
    pub fn bound(&self) -> &[Bound] {
        &self.bound
    }

    /// The first key of `action`, as a sentence that names it writes it
    /// ("press a to add your first client").
    pub fn key_of(&self, action: Action) -> String {
        self.bound
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map_or_else(String::new, |k| k.label())
    }
}

/// "h ←"-style label of a binding's keys.
pub fn keys_label(binding: &Bound) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn action_for(event: &KeyEvent, scope: Scope) -> Option<Action> {
        Keymap::default().action_for(event, scope)
    }

    #[test]
    fn vim_keys_and_arrows_mean_the_same() {
        assert_eq!(
            action_for(&key(KeyCode::Char('l')), Scope::Board),
            Some(Action::Right)
        );
        assert_eq!(
            action_for(&key(KeyCode::Right), Scope::Board),
            Some(Action::Right)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('L')), Scope::Board),
            Some(Action::MoveNext)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('>')), Scope::Board),
            Some(Action::MoveNext)
        );
    }

    #[test]
    fn a_key_means_the_same_in_the_russian_layout() {
        assert_eq!(RUSSIAN.chars().count(), LATIN.chars().count());
        for (russian, scope, action) in [
            ('о', Scope::Board, Action::Down),
            ('Д', Scope::Board, Action::MoveNext),
            ('Ю', Scope::Board, Action::MoveNext),
            ('с', Scope::Board, Action::LogCall),
            ('в', Scope::Reminders, Action::Done),
            ('.', Scope::Board, Action::Search),
            ('й', Scope::Detail, Action::Quit),
        ] {
            assert_eq!(
                action_for(&key(KeyCode::Char(russian)), scope),
                Some(action),
                "{russian}"
            );
        }
        assert_eq!(action_for(&key(KeyCode::Char('ж')), Scope::Board), None);
        assert_eq!(
            action_for(
                &KeyEvent::new(KeyCode::Char('с'), KeyModifiers::CONTROL),
                Scope::Board
            ),
            Some(Action::Quit)
        );
        // Text is not keys: a form keeps its letters (`latin` is not asked).
        assert_eq!(latin(key(KeyCode::Enter)), key(KeyCode::Enter));
        assert_eq!(latin(key(KeyCode::Char('7'))), key(KeyCode::Char('7')));
    }

    #[test]
    fn keys_depend_on_scope() {
        assert_eq!(action_for(&key(KeyCode::Char('d')), Scope::Board), None);
        assert_eq!(
            action_for(&key(KeyCode::Char('d')), Scope::Reminders),
            Some(Action::Done)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('q')), Scope::Detail),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Scope::Board
            ),
            Some(Action::Quit)
        );
    }
}
