//! Leads as JSON, the way a web form handler, a mail filter or a script
//! hands them over: one object or a list of objects; `name` required;
//! `company`, `phone`, `email`, `source`, `stage`, `note`, `tags`, `amount`
//! optional (a phone, an e-mail or tags may be a list); any other key is
//! kept in the note as `key: value`.

use serde_json::Value;

use super::{Lead, ReadError};

/// The leads of a JSON text; the first that has no name refuses them all.
pub fn read(text: &str) -> Result<Vec<Lead>, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| ReadError::Json(e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => return Err(ReadError::NoLeads),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| lead(i + 1, item))
        .collect()
}

/// A value as text: strings as they are, numbers and booleans written out.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A value or a list of values as texts.
fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

fn lead(row: usize, item: Value) -> Result<Lead, ReadError> {
    let Value::Object(fields) = item else {
        return Err(ReadError::NotALead(row));
    };
    let mut lead = Lead {
        row,
        ..Lead::default()
    };
    // A client's other numbers (as `list --json` gives them) come after
    // the one to dial, whatever the keys' order.
    let mut others = Vec::new();
    // Where a form's visitor came from: the source when the lead names
    // none, else a line of the note.
    let mut utm = None;
    for (key, value) in &fields {
        match key.to_lowercase().as_str() {
            "name" => lead.name = text(value),
            "company" => lead.company = text(value),
            "phone" | "phones" => lead.phones.extend(texts(value)),
            "other_phones" => others.extend(texts(value)),
            "email" | "emails" => lead.emails.extend(texts(value)),
            "source" => lead.source = text(value),
            "stage" => lead.stage = text(value),
            "note" | "notes" => lead.note = text(value),
            "tags" => lead.tags = Some(texts(value).join(", ")).filter(|t| !t.is_empty()),
            "amount" | "value" => lead.amount = text(value),
            "currency" => lead.currency = text(value),
            "expected" | "expected_on" => lead.expected = text(value),
            "next_step" => lead.next = text(value),
            "next_step_text" => lead.next_text = text(value),
            "last_call" => lead.last_call = text(value),
            "utm_source" => utm = text(value),
            _ => {
                let v = text(value).unwrap_or_else(|| value.to_string());
                lead.extra.push((key.clone(), v));
            }
        }
    }
    match (&lead.source, utm) {
        (None, utm) => lead.source = utm,
        (Some(_), Some(utm)) => lead.extra.push(("utm_source".to_string(), utm)),
        (Some(_), None) => {}
    }
    for listed in &others {
        let numbers = crate::domain::model::other_phones(Some(listed));
        lead.phones.extend(numbers.map(str::to_string));
    }
    if lead.name.is_none() {
        return Err(ReadError::NoName(row));
    }
    Ok(lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lead_or_a_list_and_unknown_keys_kept() {
        let one = read(
            r#"{"name": "Анна", "phone": ["+7 999 1", "8 912"], "utm": "ads", "amount": 5000,
                "currency": "EUR"}"#,
        )
        .expect("one");
        assert_eq!(one.len(), 1);
        let listed =
            read(r#"{"name": "Анна", "other_phones": "+7 495 1, 8 812", "phone": "+7 9"}"#)
                .expect("as list --json gives it");
        assert_eq!(listed[0].phones, ["+7 9", "+7 495 1", "8 812"]);
        assert_eq!(one[0].phones.len(), 2);
        assert_eq!(one[0].amount.as_deref(), Some("5000"));
        assert_eq!(one[0].currency.as_deref(), Some("EUR"));
        assert_eq!(one[0].extra, [("utm".to_string(), "ads".to_string())]);
        let list = read(r#"[{"name": "A"}, {"name": "B", "tags": ["x", "y"]}]"#).expect("list");
        assert_eq!(list[1].tags.as_deref(), Some("x, y"));
        assert_eq!(list[1].row, 2);
        assert_eq!(
            read(r#"[{"name": "A"}, {"company": "B"}]"#),
            Err(ReadError::NoName(2))
        );
        assert!(matches!(read("{nope"), Err(ReadError::Json(_))));
        assert_eq!(read("42"), Err(ReadError::NoLeads));
        assert_eq!(read(r#"[{"name": "A"}, 7]"#), Err(ReadError::NotALead(2)));
    }
}
