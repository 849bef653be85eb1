//! The import preview: what importing the file would do (its money
//! first), or a table's columns and the fields they become.

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::Theme;
use crate::i18n::board::texts;
use crate::tui::app::{App, ImportPreview};

/// The preview's title and lines (the pop-up draws them in its window).
pub(super) fn preview<'a>(
    app: &App,
    theme: Theme,
    area: Rect,
    preview: &ImportPreview,
) -> (String, Vec<Line<'a>>) {
    let t = texts(app.lang);
    let title = format!("{} — {}", t.import_title, preview.path);
    let width = text_width(area);
    let turns = turns(app, theme, preview, width);
    if let Some(table) = preview.table.as_ref().filter(|t| t.mapping) {
        let no_name = preview.leads.is_empty();
        let mut lines = columns(theme, area, table, app.lang, no_name);
        lines.extend(turns);
        return (title, lines);
    }
    let mut lines = vec![Line::styled(
        format!(
            " {}",
            crate::present::import_summary(app.lang, &preview.report)
        ),
        theme.title(),
    )];
    // What became of the money, before anything else; each line whole.
    let money = crate::present::import_money(app.lang, &preview.report);
    let money = money.iter().flat_map(|l| super::wrap(l, width));
    lines.extend(money.map(|l| Line::raw(format!(" {l}"))));
    lines.push(Line::raw(""));
    let mut room = usize::from(area.height.saturating_sub(10));
    // The first rows as read, so that a file read in the wrong encoding
    // or with its columns taken wrongly is seen before it is imported.
    let rows = crate::present::import_lines(app.lang, &preview.report, preview.stage);
    let sample = preview.leads.len().min(3).min(room / 3);
    if sample > 0 {
        let title = crate::present::sample_title(app.lang, preview.numbered);
        lines.push(Line::styled(format!(" {title}"), theme.dim()));
        for lead in preview.leads.iter().take(sample) {
            let said = crate::present::lead_sample(app.lang, lead, preview.numbered);
            lines.push(Line::raw(format!(" {}", super::fit(&said, width))));
        }
        // A blank line before the rows' notes, if any.
        if !rows.is_empty() {
            lines.push(Line::raw(""));
        }
        room -= sample + 2;
    }
    let more = rows.len().saturating_sub(room);
    lines.extend(
        rows.into_iter()
            .take(room)
            .map(|l| Line::raw(format!(" {l}"))),
    );
    if more > 0 {
        lines.push(Line::raw(format!(
            " {}",
            crate::i18n::board::more_below(app.lang, more as i64)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {}", t.import_preview), theme.dim()));
    lines.extend(keys(app, theme, preview));
    lines.extend(turns);
    (title, lines)
}

/// The keys that read the file another way, on its columns too: a
/// workbook's next sheet (`t`), a text file's next encoding (`e`); each
/// wrapped whole at `width`.
fn turns<'a>(app: &App, theme: Theme, preview: &ImportPreview, width: usize) -> Vec<Line<'a>> {
    let sheet = preview
        .next_sheet()
        .map(|sheets| crate::present::sheet_read(app.lang, sheets, true));
    let encoding = preview.next_encoding().map(|(now, next)| {
        let args = crate::args![now = now.to_string(), next = next.to_string()];
        crate::i18n::tr_args(app.lang, "import-encoding-hint", args)
    });
    sheet
        .into_iter()
        .chain(encoding)
        .flat_map(|said| super::wrap(&said, width))
        .map(|l| Line::styled(format!(" {l}"), theme.dim()))
        .collect()
}

/// The preview's keys that apply to this file: its columns (`m`), its
/// dates the other way (`d`).
fn keys<'a>(app: &App, theme: Theme, preview: &ImportPreview) -> Vec<Line<'a>> {
    let table = preview.table.is_some().then_some("import-table-hint");
    let dates = preview.dates_turn().map(|order| match order {
        crate::import::dates::DateOrder::Dmy => "import-dates-hint-dmy",
        crate::import::dates::DateOrder::Mdy => "import-dates-hint-mdy",
    });
    [table, dates]
        .into_iter()
        .flatten()
        .map(|key| {
            let hint = crate::i18n::tr(app.lang, key);
            Line::styled(format!(" {hint}"), theme.dim())
        })
        .collect()
}

/// How wide a line of the preview's window is, inside its border and
/// margin: what its sentences are wrapped to, each word whole.
fn text_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(4).min(100)).saturating_sub(3)
}

/// A table's columns and the field each becomes, the selected one marked;
/// `no_name`: the file had no name column, said first.
fn columns<'a>(
    theme: Theme,
    area: Rect,
    table: &crate::tui::app::Table,
    lang: crate::i18n::Lang,
    no_name: bool,
) -> Vec<Line<'a>> {
    use crate::i18n::tr;
    let mut lines = Vec::new();
    if no_name {
        let said = super::wrap(&tr(lang, "import-columns-no-name"), text_width(area));
        lines.extend(
            said.into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.warn())),
        );
    }
    lines.push(Line::styled(
        format!(" {}", tr(lang, "import-columns-title")),
        theme.title(),
    ));
    let header_width = table
        .columns
        .iter()
        .map(|(h, _)| unicode_width::UnicodeWidthStr::width(h.as_str()))
        .max()
        .unwrap_or(0)
        .min(36);
    let room = usize::from(area.height.saturating_sub(8)).max(1);
    let first = table.selected.saturating_sub(room.saturating_sub(1));
    for (i, (header, field)) in table.columns.iter().enumerate().skip(first).take(room) {
        let field = match field {
            Some(f) => crate::import::csv::field_name(*f).to_string(),
            None => tr(lang, "import-column-note"),
        };
        let by_hand = if table.mapped(i) { "*" } else { " " };
        let text = format!(" {} → {by_hand}{field}", super::cell(header, header_width));
        let style = if i == table.selected {
            theme.selected()
        } else {
            Default::default()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", tr(lang, "import-columns-hint")),
        theme.dim(),
    ));
    lines
}
