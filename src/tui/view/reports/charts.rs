//! The reports screen's charts: the funnel's bars, the revenue of the last
//! weeks as two sparklines, and the plan's gauges.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, LineGauge, Paragraph, Sparkline, SparklineBar};
use unicode_width::UnicodeWidthStr;

use super::super::fit;
use super::Ctx;
use crate::i18n::{self, tr, tr_args};

/// The funnel: how many entered each station, as bars, with `n · %`
/// (conversion: advanced ÷ entered) beside them.
pub(super) fn funnel(frame: &mut Frame, c: &Ctx, area: Rect) {
    let r = c.r();
    let values: Vec<String> = r
        .flow
        .iter()
        .map(|f| {
            let conv = f
                .conversion
                .map_or("—".to_string(), |x| format!("{:.0} %", x * 100.0));
            format!("{} · {conv}", f.entered)
        })
        .collect();
    let value_width = values.iter().map(|v| v.width()).max().unwrap_or(0) as u16 + 1;
    let [bars, numbers] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(value_width)]).areas(area);
    let data: Vec<Bar> = r
        .flow
        .iter()
        .map(|f| {
            Bar::default()
                .value(f.entered.max(0) as u64)
                .label(Line::raw(i18n::stage_role(c.lang, f.stage)))
                .text_value(String::new())
        })
        .collect();
    let max = r.flow.iter().map(|f| f.entered).max().unwrap_or(0).max(1) as u64;
    let chart = BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .data(BarGroup::default().bars(&data))
        .bar_width(1)
        .bar_gap(0)
        .max(max)
        .bar_style(c.series(Color::Cyan));
    frame.render_widget(chart, bars);
    let lines: Vec<Line> = values
        .into_iter()
        .map(|v| Line::raw(format!("{v:>width$}", width = usize::from(value_width))))
        .collect();
    frame.render_widget(Paragraph::new(lines), numbers);
}

/// Revenue by week, first payments and repeat ones as two labelled
/// sparklines on one scale; a week with none is dotted, not a zero bar.
pub(super) fn weeks(frame: &mut Frame, c: &Ctx, area: Rect) {
    let t_first = tr(c.lang, "reports-first");
    let t_repeat = tr(c.lang, "reports-repeat");
    let label_width = t_first.width().max(t_repeat.width()) as u16 + 1;
    let h = c.spark_rows;
    let [first_row, repeat_row, axis, total] = Layout::vertical([
        Constraint::Length(h),
        Constraint::Length(h),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let n = c.v.weeks.len().max(1) as u16;
    let spark_width = area.width.saturating_sub(label_width);
    let max =
        c.v.weeks
            .iter()
            .flat_map(|w| [w.first.amount_minor, w.repeat.amount_minor])
            .max()
            .unwrap_or(0)
            .max(1) as u64;
    let scale = Scale {
        label_width,
        // Each week gets as many columns as fit, the last one a gap.
        per_week: (spark_width / n).max(1),
        max,
        // The least that still shows as the lowest bar: a small week is not empty.
        floor: max.div_ceil(8 * u64::from(h)),
    };
    let first: Pick = |w| w.first.amount_minor;
    let repeat: Pick = |w| w.repeat.amount_minor;
    series_row(frame, c, &scale, first_row, &t_first, first, Color::Green);
    series_row(
        frame,
        c,
        &scale,
        repeat_row,
        &t_repeat,
        repeat,
        Color::Magenta,
    );
    let axis_text = week_axis(c, usize::from(label_width), usize::from(scale.per_week));
    frame.render_widget(
        Line::styled(fit(&axis_text, usize::from(area.width)), c.theme.dim()),
        axis,
    );
    let line = totals(c, usize::from(area.width));
    frame.render_widget(Line::raw(fit(&line, usize::from(area.width))), total);
}

/// One series of the weekly revenue: first payments or repeat ones.
type Pick = fn(&crate::service::WeekRevenue) -> i64;

/// How the weeks fit their rows: the labels' width, the columns per week,
/// the scale's top and the least that still shows as a bar.
struct Scale {
    label_width: u16,
    per_week: u16,
    max: u64,
    floor: u64,
}

/// A labelled sparkline of one series; a week with none gets a dot at the
/// foot, not a bar too low to see.
fn series_row(
    frame: &mut Frame,
    c: &Ctx,
    scale: &Scale,
    row: Rect,
    label: &str,
    pick: Pick,
    color: Color,
) {
    let [name, spark] =
        Layout::horizontal([Constraint::Length(scale.label_width), Constraint::Fill(1)]).areas(row);
    frame.render_widget(
        Paragraph::new(Line::styled(label.to_string(), c.series(color))),
        name,
    );
    let mut bars = Vec::new();
    for w in &c.v.weeks {
        let bar = match pick(w) {
            v if v <= 0 => None,
            v => Some((v as u64).max(scale.floor)),
        };
        for _ in 1..scale.per_week {
            bars.push(SparklineBar::from(bar));
        }
        bars.push(SparklineBar::from(if scale.per_week > 1 {
            Some(0)
        } else {
            bar
        }));
    }
    let sparkline = Sparkline::default()
        .data(bars)
        .max(scale.max)
        .style(c.series(color))
        .absent_value_symbol(" ");
    frame.render_widget(sparkline, spark);
    let buf = frame.buffer_mut();
    for (i, w) in c.v.weeks.iter().enumerate() {
        let x = spark.x + i as u16 * scale.per_week;
        if pick(w) <= 0 && x < spark.right() && spark.height > 0 {
            buf[(x, spark.bottom() - 1)]
                .set_symbol("·")
                .set_style(c.theme.dim());
        }
    }
}

/// The weeks' totals, first and repeat, and the dot's legend when it fits
/// `width`; the totals alone, in the rows' order, when the words do not.
fn totals(c: &Ctx, width: usize) -> String {
    let sum = |pick: Pick| -> i64 { c.v.weeks.iter().map(pick).sum() };
    let (first, repeat) = (
        c.money(sum(|w| w.first.amount_minor)),
        c.money(sum(|w| w.repeat.amount_minor)),
    );
    let long = tr_args(
        c.lang,
        "reports-revenue-total",
        crate::args![first = first.clone(), repeat = repeat.clone()],
    );
    let line = match long.width() <= width {
        true => long,
        false => format!("Σ {first} · {repeat}"),
    };
    let legend = tr(c.lang, "reports-dot-legend");
    match line.width() + 2 + legend.width() <= width {
        true => format!("{line}  {legend}"),
        false => line,
    }
}

/// The ISO week numbers under the bars, as many as fit without touching.
fn week_axis(c: &Ctx, indent: usize, per_week: usize) -> String {
    use chrono::Datelike;
    let mut cells = vec![' '; indent + per_week * c.v.weeks.len() + 2];
    let mut free_from = 0;
    for (i, w) in c.v.weeks.iter().enumerate() {
        let at = indent + i * per_week;
        if at < free_from {
            continue;
        }
        let label = format!("{:02}", w.week.from.iso_week().week());
        for (k, ch) in label.chars().enumerate() {
            cells[at + k] = ch;
        }
        free_from = at + label.len() + 1;
    }
    cells.into_iter().collect::<String>().trim_end().to_string()
}

/// Plan vs fact: a gauge per target, with the fact projected to the
/// period's end at today's pace.
pub(super) fn plan(frame: &mut Frame, c: &Ctx, area: Rect) {
    let rows = &c.r().plan;
    if rows.is_empty() {
        frame.render_widget(
            Line::styled(
                fit(
                    &crate::i18n::board::naming_key(c.lang, "reports-no-plan", &c.plan_key),
                    usize::from(area.width),
                ),
                c.theme.dim(),
            ),
            area,
        );
        return;
    }
    let labels: Vec<String> = rows
        .iter()
        .map(|p| {
            let v = |x: i64| match p.metric.is_money() {
                true => c.money(x),
                false => x.to_string(),
            };
            let forecast = p
                .forecast
                .map(|f| format!(" ({})", v(f)))
                .unwrap_or_default();
            format!(
                "{} {}/{} → {}{forecast}",
                i18n::metric_name(c.lang, p.metric),
                v(p.fact),
                v(p.target),
                v(p.projected)
            )
        })
        .collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let label_width = label_width.min(usize::from(area.width) * 2 / 3);
    for (i, (p, label)) in rows.iter().zip(labels).enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let ratio = match p.target {
            t if t > 0 => (p.fact as f64 / t as f64).clamp(0.0, 1.0),
            _ => 0.0,
        };
        let style = match p.projected >= p.target {
            true => c.theme.ok(),
            false => c.theme.warn(),
        };
        let label = format!("{:<label_width$}", fit(&label, label_width));
        let gauge = LineGauge::default()
            .ratio(ratio)
            .label(Line::raw(label))
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol("·")
            .filled_style(style)
            .unfilled_style(c.theme.dim());
        frame.render_widget(gauge, Rect::new(area.x, y, area.width, 1));
    }
}
