//! A small pop-up form: labelled one-line fields, Tab between them, Enter
//! submits, Esc cancels. Validation happens where the form is used; its
//! message is shown under the fields.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One labelled line of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    /// A suggestion (an invoice's expected deal): the first key typed or
    /// pasted replaces it, Backspace takes it away whole; Tab or Enter
    /// keeps it.
    pub suggested: bool,
}

/// A form being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// What Enter and Esc do, when it is not the usual save and cancel.
    pub hint: Option<String>,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Editing,
    Submit,
    Cancel,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: &[(&'static str, &str)]) -> Form {
        Form {
            title: title.into(),
            fields: fields
                .iter()
                .map(|(label, value)| Field {
                    label,
                    value: value.to_string(),
                    suggested: false,
                })
                .collect(),
            focus: 0,
            error: None,
            hint: None,
        }
    }

    /// The line under the fields says what Enter and Esc do here.
    pub fn hinted(mut self, hint: impl Into<String>) -> Form {
        self.hint = Some(hint.into());
        self
    }

    /// Field `i` holds a suggestion, replaced by what is typed into it.
    pub fn suggesting(mut self, i: usize) -> Form {
        if let Some(f) = self.fields.get_mut(i) {
            f.suggested = !f.value.is_empty();
        }
        self
    }

    /// Every field given words is a suggestion (a new entry's defaults:
    /// tomorrow, a note, the station's next step), replaced by what is
    /// typed into it.
    pub fn suggesting_all(mut self) -> Form {
        for f in &mut self.fields {
            f.suggested = !f.value.is_empty();
        }
        self
    }

    /// The focused field, its suggestion gone once it is edited.
    fn editing(&mut self) -> Option<&mut Field> {
        let f = self.fields.get_mut(self.focus)?;
        if std::mem::take(&mut f.suggested) {
            f.value.clear();
        }
        Some(f)
    }

    /// The text of field `i` (empty if there is no such field).
    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.value.as_str())
    }

    /// Field `i`, or `None` when it was left blank.
    pub fn optional(&self, i: usize) -> Option<String> {
        Some(self.value(i).trim().to_string()).filter(|v| !v.is_empty())
    }

    /// Pasted text goes into the focused field; line breaks become spaces
    /// (a field is one line), other control characters are dropped.
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.editing() {
            f.value.push_str(&one_line(text));
            self.error = None;
        }
    }

    pub fn handle(&mut self, key: KeyEvent) -> FormEvent {
        let count = self.fields.len().max(1);
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Enter => return FormEvent::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % count,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + count - 1) % count,
            KeyCode::Backspace => {
                if let Some(f) = self.editing() {
                    f.value.pop();
                }
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                if let Some(f) = self.editing() {
                    f.value.clear();
                }
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if let Some(f) = self.editing() {
                    f.value.push(c);
                }
            }
            _ => return FormEvent::Editing,
        }
        self.error = None;
        FormEvent::Editing
    }
}

/// `text` as one line: line breaks and tabs become spaces, other control
/// characters go.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\t', " ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(form: &mut Form, code: KeyCode) -> FormEvent {
        form.handle(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_tabbing_and_submitting() {
        let mut form = Form::new("Add", &[("Name", ""), ("Company", "ООО")]);
        for c in "Иван".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        press(&mut form, KeyCode::Tab);
        press(&mut form, KeyCode::Backspace);
        assert_eq!(form.value(0), "Иван");
        assert_eq!(form.value(1), "ОО");
        press(&mut form, KeyCode::Tab);
        assert_eq!(form.focus, 0, "Tab wraps around");
        assert_eq!(press(&mut form, KeyCode::Enter), FormEvent::Submit);
        assert_eq!(press(&mut form, KeyCode::Esc), FormEvent::Cancel);
        assert_eq!(form.optional(5), None);
    }
}
