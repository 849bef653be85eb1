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
    if let Some(table) = preview.table.as_ref().filter(|t| t.mapping) {
        let no_name = preview.leads.is_empty();
        return (title, columns(theme, area, table, app.lang, no_name));
    }
    let mut lines = vec![Line::styled(
        format!(
            " {}",
            crate::present::import_summary(app.lang, &preview.report)
        ),
        theme.title(),
    )];
    // What became of the money, before anything else; each line whole.
    let width = usize::from(area.width.saturating_sub(4).min(100)).saturating_sub(3);
    let money = crate::present::import_money(app.lang, &preview.report);
    let money = money.iter().flat_map(|l| super::wrap(l, width));
    lines.extend(money.map(|l| Line::raw(format!(" {l}"))));
    lines.push(Line::raw(""));
    let room = usize::from(area.height.saturating_sub(10));
    let rows = crate::present::import_lines(app.lang, &preview.report, preview.stage);
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
    if preview.table.is_some() {
        let hint = crate::i18n::tr(app.lang, "import-table-hint");
        lines.push(Line::styled(format!(" {hint}"), theme.dim()));
    }
    if let Some(order) = preview.dates_turn() {
        let hint = match order {
            crate::import::dates::DateOrder::Dmy => "import-dates-hint-dmy",
            crate::import::dates::DateOrder::Mdy => "import-dates-hint-mdy",
        };
        let hint = crate::i18n::tr(app.lang, hint);
        lines.push(Line::styled(format!(" {hint}"), theme.dim()));
    }
    (title, lines)
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
        lines.push(Line::styled(
            format!(" {}", tr(lang, "import-columns-no-name")),
            theme.warn(),
        ));
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
