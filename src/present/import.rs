//! What an import did, in words: the summary line and a line per row
//! merged, skipped or read only in part, by line number.

use crate::domain::Stage;
use crate::i18n::{Lang, stage_word, tr, tr_args};
use crate::import::Numbered;
use crate::service::{ImportReport, MatchedBy, RowNote};

/// `12 rows: 10 new, 1 merged, 1 skipped, 3 orders`.
pub(crate) fn import_summary(lang: Lang, r: &ImportReport) -> String {
    tr_args(
        lang,
        "import-summary",
        crate::args![
            rows = r.rows,
            unit = unit(r.numbered),
            added = r.added,
            merged = r.merged.len(),
            skipped = r.skipped(),
            orders = r.orders
        ],
    )
}

/// What became of the file's money: values kept, payments and their days,
/// this week's part of them (nothing when the file had no money); the
/// next steps made reminders; and how its dates were read when that was
/// a guess.
pub(crate) fn import_money(lang: Lang, r: &ImportReport) -> Vec<String> {
    let m = &r.money;
    let mut lines = Vec::new();
    // A dry run says what would be.
    let dry = if r.dry_run { "yes" } else { "no" };
    if m.values > 0 {
        lines.push(tr_args(
            lang,
            "import-money-values",
            crate::args![count = m.values as i64, dry = dry],
        ));
    }
    if let (Some(from), Some(to)) = (m.paid_from, m.paid_to) {
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        lines.push(tr_args(
            lang,
            "import-money-paid",
            crate::args![
                count = m.payments as i64,
                span = if from == to { "day" } else { "days" },
                from = day(from),
                to = day(to),
                week = crate::i18n::money(lang, m.this_week_minor, &m.currency)
            ],
        ));
    }
    if r.reminders > 0 {
        lines.push(tr_args(
            lang,
            "import-reminders",
            crate::args![count = r.reminders as i64, dry = dry],
        ));
    }
    lines.extend(r.guessed_dates.as_ref().map(|g| {
        tr_args(
            lang,
            "import-dates-guessed",
            crate::args![
                rows = g.rows as i64,
                row = g.row,
                date = g.date.clone(),
                read = g.read_as.clone()
            ],
        )
    }));
    lines
}

/// The report's lines in line order (`stage`: where unknown stages went).
pub(crate) fn import_lines(lang: Lang, r: &ImportReport, stage: Stage) -> Vec<String> {
    let mut lines: Vec<(usize, String)> = r
        .merged
        .iter()
        .map(|m| {
            let by = match m.by {
                MatchedBy::Phone => "import-by-phone",
                MatchedBy::Email => "import-by-email",
                MatchedBy::Name => "import-by-name",
            };
            let in_file = match m.in_file {
                true => tr(lang, "import-in-file"),
                false => String::new(),
            };
            let line = tr_args(
                lang,
                "import-merged",
                crate::args![
                    at = at(lang, r.numbered, m.row),
                    id = m.into,
                    name = m.name.clone(),
                    by = tr(lang, by),
                    in_file = in_file
                ],
            );
            (m.row, line)
        })
        .collect();
    lines.extend(r.notes.iter().map(|n| {
        (
            n.row,
            note_line(lang, &at(lang, r.numbered, n.row), &n.note, stage),
        )
    }));
    lines.sort_by_key(|(row, _)| *row);
    lines.into_iter().map(|(_, l)| l).collect()
}

/// What the report's rows are, for its summary: `line` or `lead`.
fn unit(numbered: Numbered) -> &'static str {
    match numbered {
        Numbered::Line => "line",
        Numbered::Lead => "lead",
    }
}

/// Where a row is, as its notes begin: `line 3` of a file, `lead 3` of a
/// list.
fn at(lang: Lang, numbered: Numbered, row: usize) -> String {
    let key = match numbered {
        Numbered::Line => "import-at-line",
        Numbered::Lead => "import-at-lead",
    };
    tr_args(lang, key, crate::args![row = row])
}

/// A row's note as a sentence (`at`: where the row is; `stage`: where
/// unknown stages went).
fn note_line(lang: Lang, at: &str, note: &RowNote, stage: Stage) -> String {
    match note {
        RowNote::NoName => tr_args(lang, "import-no-name", crate::args![at = at]),
        RowNote::Invalid { message } => tr_args(
            lang,
            "import-invalid",
            crate::args![at = at, why = message.clone()],
        ),
        RowNote::UnknownStage { stage: s } => tr_args(
            lang,
            "import-unknown-stage",
            crate::args![
                at = at,
                stage = s.clone(),
                default = stage_word(lang, stage)
            ],
        ),
        RowNote::BadAmount { amount } => tr_args(
            lang,
            "import-bad-amount",
            crate::args![at = at, amount = amount.clone()],
        ),
        RowNote::BadCurrency { currency, used } => tr_args(
            lang,
            "import-bad-currency",
            crate::args![at = at, currency = currency.clone(), used = used.clone()],
        ),
        RowNote::CurrencyConflict {
            amount,
            written,
            used,
        } => tr_args(
            lang,
            "import-currency-conflict",
            crate::args![
                at = at,
                amount = amount.clone(),
                written = written.clone(),
                used = used.clone()
            ],
        ),
        RowNote::BadPhone { phone } => tr_args(
            lang,
            "import-bad-phone",
            crate::args![at = at, phone = phone.clone()],
        ),
        RowNote::BadEmail { email } => tr_args(
            lang,
            "import-bad-email",
            crate::args![at = at, email = email.clone()],
        ),
        RowNote::BadDate { date } => tr_args(
            lang,
            "import-bad-date",
            crate::args![at = at, date = date.clone()],
        ),
        RowNote::SharedPhone { id, name } => tr_args(
            lang,
            "import-shared-phone",
            crate::args![at = at, id = *id, name = name.clone()],
        ),
        RowNote::Refused {
            id,
            name,
            owner,
            why,
        } => refused_line(lang, at, (*id, name), owner.as_deref(), why),
    }
}

/// A row the team database would not let the importer write: whose the
/// card is, in the reader's words; else the server's (in the reader's
/// language where it knows them).
fn refused_line(
    lang: Lang,
    at: &str,
    (id, name): (i64, &str),
    owner: Option<&str>,
    why: &str,
) -> String {
    let why = match owner {
        Some(owner) => tr_args(
            lang,
            "import-refused-owner",
            crate::args![owner = owner.to_string()],
        ),
        None => crate::i18n::server_words(lang, why),
    };
    tr_args(
        lang,
        "import-refused",
        crate::args![at = at, id = id, name = name.to_string(), why = why],
    )
}

/// Which of a workbook's sheets an import read, and those it did not
/// (`hint`: the board's words, with its key for the next sheet).
pub(crate) fn sheet_read(lang: Lang, sheets: &crate::import::sheet::Sheets, hint: bool) -> String {
    let others = sheets.others().collect::<Vec<_>>().join(", ");
    let key = match hint {
        true => "import-sheet-hint",
        false => "import-sheet-read",
    };
    tr_args(
        lang,
        key,
        crate::args![sheet = sheets.read().to_string(), others = others],
    )
}

/// The title above the first leads as read (`numbered`: a file's rows or
/// a list's leads).
pub(crate) fn sample_title(lang: Lang, numbered: Numbered) -> String {
    tr_args(
        lang,
        "import-sample-title",
        crate::args![unit = unit(numbered)],
    )
}

/// A lead as the file gave it, on one line for the board's preview:
/// `line 2: Иванов Иван · ООО Ромашка · +7 916 123-45-67 · Переговоры ·
/// 150 000`.
pub(crate) fn lead_sample(lang: Lang, lead: &crate::import::Lead, numbered: Numbered) -> String {
    let parts: Vec<&str> = [lead.name.as_deref(), lead.company.as_deref()]
        .into_iter()
        .flatten()
        .chain(lead.phones.first().map(String::as_str))
        .chain(lead.emails.first().map(String::as_str))
        .chain(lead.stage.as_deref())
        .chain(lead.amount.as_deref())
        .collect();
    tr_args(
        lang,
        "import-sample",
        crate::args![at = at(lang, numbered, lead.row), lead = parts.join(" · ")],
    )
}
