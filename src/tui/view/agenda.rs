//! The agenda screen: what needs doing, in order of urgency, as a list to
//! work — the selected item is highlighted and kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::{Theme, short_due};
use crate::domain::{Reminder, Stage};
use crate::i18n::format::reminder_text;
use crate::i18n::{self, Lang, board, stage_role, stage_word};
use crate::service::Agenda;
use crate::tui::app::App;

/// The screen's lines, and the line of each selectable item.
struct Sheet<'a> {
    lines: Vec<Line<'a>>,
    items: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn section(&mut self, title: &str, count: usize, style: Style) {
        if !self.lines.is_empty() {
            self.lines.push(Line::raw(""));
        }
        self.lines
            .push(Line::styled(format!("{title} ({count})"), style));
    }

    fn item(&mut self, line: Line<'a>) {
        self.items.push(self.lines.len());
        self.lines.push(line);
    }

    /// A section of `items`, a line each, titled with how many it holds
    /// in all (`total`); below them how many more there are than the
    /// screen read.
    fn list<T>(
        &mut self,
        (lang, theme): (Lang, Theme),
        (title, style): (&str, Style),
        (items, total): (&[T], usize),
        line: impl Fn(&T) -> Line<'a>,
    ) {
        let total = total.max(items.len());
        self.section(title, total, style);
        for item in items {
            self.item(line(item));
        }
        if let Some(more) = total.checked_sub(items.len()).filter(|n| *n > 0) {
            let n = i64::try_from(more).unwrap_or(i64::MAX);
            let line = format!("  ↓ {}", board::more_below(lang, n));
            self.lines.push(Line::styled(line, theme.dim()));
        }
    }
}

pub(super) fn draw(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    area: Rect,
    a: &Agenda,
    selected: usize,
) {
    let lang = app.lang;
    let mut sheet = sheet(lang, theme, a);
    let chosen = sheet.items.get(selected).copied();
    if let Some(row) = chosen {
        let line = std::mem::take(&mut sheet.lines[row]);
        sheet.lines[row] = line.style(theme.selected());
    }
    // Keep the selected item in view, with its section title when it fits.
    let height = usize::from(area.height.saturating_sub(2)).max(1);
    let scroll = chosen.map_or(0, |row| (row + 2).saturating_sub(height));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(
            format!(" {} ", board::texts(lang).agenda_title),
            theme.title(),
        ));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(sheet.lines).block(block).scroll((scroll, 0)),
        area,
    );
}

/// The agenda's sections as lines: the reminders by urgency, unpaid
/// invoices, clients to reactivate, stale cards, and the farmer's load.
fn sheet<'a>(lang: Lang, theme: Theme, a: &'a Agenda) -> Sheet<'a> {
    let t = i18n::texts(lang);
    let mut sheet = Sheet {
        lines: Vec::new(),
        items: Vec::new(),
    };
    let reminder = |r: &Reminder, style| {
        let about = r
            .client_name
            .as_deref()
            .map(|n| format!("{n} — "))
            .unwrap_or_default();
        Line::from(vec![
            Span::styled(format!("  {:<12}", short_due(r.due_on, r.due_at)), style),
            Span::raw(format!("{about}{}", reminder_text(lang, r))),
        ])
    };
    back(&mut sheet, lang, theme, a);
    let how = (lang, theme);
    for (at, (title, list, style)) in [
        (t.overdue, &a.overdue, theme.overdue()),
        (t.today, &a.today, theme.today()),
        (t.upcoming, &a.upcoming, theme.dim()),
    ]
    .into_iter()
    .enumerate()
    {
        let head = if list.is_empty() { theme.dim() } else { style };
        let titled = (title, head.patch(theme.title()));
        sheet.list(how, titled, (list, a.totals[at]), |r| reminder(r, style));
    }
    let titled = (t.unpaid_invoices, theme.title());
    sheet.list(how, titled, (&a.unpaid, a.totals[3]), |u| {
        Line::raw(format!(
            "  #{:<5} {:<14} {} — {} {}",
            u.order_id,
            i18n::money(lang, u.amount_minor, &u.currency),
            u.name,
            u.age_days,
            t.days_short
        ))
    });
    let titled = (t.reactivate, theme.title());
    sheet.list(how, titled, (&a.reactivate, a.totals[4]), |l| {
        Line::raw(format!(
            "  {} — {} ({})",
            l.name,
            i18n::format::days(lang, l.idle_days),
            l.since
        ))
    });
    let titled = (t.stale, theme.title());
    sheet.list(how, titled, (&a.stale, a.totals[5]), |s| {
        Line::raw(format!(
            "  {} — {}, {} (> {})",
            s.client.name,
            stage_word(lang, s.client.stage),
            i18n::format::days(lang, s.days),
            s.limit
        ))
    });
    if a.hide_farmer_load {
        return sheet;
    }
    sheet.lines.push(Line::raw(""));
    let load = format!(
        "{}: {}/{}",
        stage_role(lang, Stage::Farmer),
        a.farmers,
        a.farmer_capacity
    );
    let load = match a.over_capacity {
        true => Line::styled(format!("{load} — {}", t.over_capacity), theme.warn()),
        false => Line::styled(load, theme.dim()),
    };
    sheet.lines.push(load);
    sheet
}

/// The lost clients whose day to come back has come (`v` revives), first.
fn back(sheet: &mut Sheet, lang: Lang, theme: Theme, a: &Agenda) {
    if a.back.is_empty() {
        return;
    }
    sheet.section(&i18n::tr(lang, "agenda-back"), a.back.len(), theme.today());
    for b in &a.back {
        let args = crate::args![
            name = b.name.clone(),
            reason = b.reason.clone().unwrap_or_default(),
            lost = b.lost_on.map(|d| d.to_string()).unwrap_or_default()
        ];
        let line = i18n::tr_args(lang, "board-back-line", args);
        sheet.item(Line::raw(format!("  {line}")));
    }
}
