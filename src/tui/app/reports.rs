//! The reports screen's state: one period's report (with the one before),
//! the revenue of the weeks up to it and the ABC table, read afresh on
//! every reload like the other screens.

use std::cell::Cell;

use chrono::{Datelike, NaiveDate};

use super::{App, Popup, Purpose, Screen};
use crate::domain::plan::Metric;
use crate::domain::report::Period;
use crate::error::Result;
use crate::i18n;
use crate::service::{self, Report, SegmentCount, WeekRevenue};
use crate::tui::form::Form;

/// How many weeks of revenue the screen charts.
pub const REVENUE_WEEKS: usize = 12;

/// What the reports screen shows.
#[derive(Debug, Clone)]
pub struct ReportsView {
    pub period: Period,
    pub report: Report,
    /// The weeks up to the period's end, oldest first.
    pub weeks: Vec<WeekRevenue>,
    pub segments: Vec<SegmentCount>,
    /// The open deals' worth as of now (whatever the period).
    pub forecast: service::Forecast,
    /// Which page of sections a small window shows.
    pub page: usize,
    /// How many pages the last drawing needed (set by the view).
    pub pages: Cell<usize>,
}

/// An amount in minor units as a person types it: `150000`, `99.50`.
pub(super) fn plain_amount(minor: i64) -> String {
    match minor % 100 {
        0 => (minor / 100).to_string(),
        cents => format!("{}.{:02}", minor / 100, cents.abs()),
    }
}

/// Money as a person types it into a form, its currency written after it
/// when it is not `default` (`2500 USD`): read back, it is the same.
pub(super) fn typed_money(money: &crate::domain::Money, default: &str) -> String {
    match money.currency == default {
        true => plain_amount(money.minor),
        false => format!("{} {}", plain_amount(money.minor), money.currency),
    }
}

/// Which way to change the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodStep {
    Back,
    Forward,
    /// The week (or month) that holds today.
    Current,
    /// The week holding today if the period does, else its first day.
    Week,
    /// The month holding today if the period does, else its first day.
    Month,
}

impl App {
    /// Opens the reports screen on the current week.
    pub(super) fn open_reports(&mut self) -> Result<()> {
        let period = Period::week_of(self.now.today());
        self.screen = Screen::Reports(Box::new(self.read_reports(period, 0)?));
        Ok(())
    }

    /// Re-reads the screen's period, on the same page.
    pub(super) fn reload_reports(&mut self) -> Result<()> {
        if let Screen::Reports(v) = &self.screen {
            let (period, page) = (v.period, v.page);
            self.screen = Screen::Reports(Box::new(self.read_reports(period, page)?));
        }
        Ok(())
    }

    /// Shows another period.
    pub(super) fn step_period(&mut self, step: PeriodStep) -> Result<()> {
        let Screen::Reports(v) = &self.screen else {
            return Ok(());
        };
        let (shown, month) = (v.period, v.period.month);
        let holding = |day, month: bool| match month {
            true => Period::month_holding(day),
            false => Period::week_of(day),
        };
        let period = match step {
            PeriodStep::Back => shown.previous(),
            PeriodStep::Forward => shown.next(),
            PeriodStep::Current => holding(self.now.today(), month),
            PeriodStep::Week => holding(self.anchor_day(shown), false),
            PeriodStep::Month => holding(self.anchor_day(shown), true),
        };
        // The forecast and the classes are of now, whatever the period:
        // kept.
        let of_now = (v.forecast.clone(), v.segments.clone());
        let view = self.read_period(period, v.page, of_now)?;
        self.screen = Screen::Reports(Box::new(view));
        Ok(())
    }

    /// The day a period switched between week and month keeps: today
    /// when the period holds it, else its first day.
    fn anchor_day(&self, p: Period) -> NaiveDate {
        match p.contains(self.now.today()) {
            true => self.now.today(),
            false => p.from,
        }
    }

    /// Turns the page of sections by `delta`'s sign (a small window shows
    /// them page by page; the view tells how many pages there are).
    pub(super) fn turn_page(&mut self, delta: i64) {
        if let Screen::Reports(v) = &mut self.screen {
            let last = v.pages.get().saturating_sub(1) as i64;
            v.page = (v.page as i64)
                .saturating_add(delta.signum())
                .clamp(0, last) as usize;
        }
    }

    /// The plan form for the shown week (a month or range: the week of
    /// today within it, else its first week): one field per metric, with
    /// the targets set so far; an emptied field or 0 removes a target.
    pub(super) fn plan_form(&mut self) -> Result<()> {
        let Screen::Reports(v) = &self.screen else {
            return Ok(());
        };
        let day = self.anchor_day(v.period);
        let set = service::week_targets(&self.store, day)?;
        let values: Vec<String> = Metric::ALL
            .iter()
            .map(|m| match set.iter().find(|(s, _)| s == m) {
                Some((m, t)) if m.is_money() => plain_amount(*t),
                Some((_, t)) => t.to_string(),
                None => String::new(),
            })
            .collect();
        let fields: Vec<(&'static str, &str)> = Metric::ALL
            .iter()
            .zip(&values)
            .map(|(m, v)| (i18n::metric_name(self.lang, *m), v.as_str()))
            .collect();
        let week = Period::week_key(day.iso_week());
        let title = i18n::tr_args(self.lang, "plan-form-title", crate::args![week = week]);
        let days = (day - NaiveDate::default()).num_days();
        self.popup = Some(Popup::Form(Form::new(title, &fields), Purpose::Plan(days)));
        Ok(())
    }

    /// Saves the plan form: every metric's target at once (all or none).
    pub(super) fn save_plan(&mut self, form: &Form, days: i64) -> Result<String> {
        let day = NaiveDate::default() + chrono::Duration::days(days);
        let currency = self.config.currency();
        let targets = Metric::ALL
            .iter()
            .enumerate()
            .map(|(i, m)| match form.optional(i) {
                None => Ok((*m, 0)),
                Some(v) => Ok((
                    *m,
                    m.parse_target(&v, currency)
                        .map_err(crate::error::Error::from)?,
                )),
            })
            .collect::<Result<Vec<_>>>()?;
        let week = Period::week_key(day.iso_week());
        service::set_plan(&mut self.store, &week, &targets)?;
        Ok(i18n::tr_args(
            self.lang,
            "plan-set",
            crate::args![key = week],
        ))
    }

    fn read_reports(&self, period: Period, page: usize) -> Result<ReportsView> {
        let currency = self.config.currency();
        let forecast = service::forecast(&self.store, self.now, service::FORECAST_WEEKS, currency)?;
        let segments =
            service::segment_summary(&self.store, self.now, currency, self.config.segments)?;
        self.read_period(period, page, (forecast, segments))
    }

    /// The reports of `period` beside what is of now, whatever the period,
    /// already read: the forecast and the ABC table.
    fn read_period(
        &self,
        period: Period,
        page: usize,
        (forecast, segments): (service::Forecast, Vec<SegmentCount>),
    ) -> Result<ReportsView> {
        let currency = self.config.currency();
        let mut report = service::report(&self.store, self.now, period, currency)?;
        service::with_forecast(&mut report.plan, &forecast, period, self.now.today());
        Ok(ReportsView {
            period,
            report,
            weeks: service::weekly_revenue(&self.store, period.to, REVENUE_WEEKS, currency)?,
            segments,
            forecast,
            page,
            pages: Cell::new(1),
        })
    }
}
