//! The board's queries: windows of cards, positions, the search index and
//! the week's figures. Each asks only for what one screen shows.

use super::sql::{self, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::clients::{COLUMNS, client_row};
use super::{Db, day, parse_day, parse_ts, ts};
use crate::domain::{Card, Client, Stage, Status};
use crate::error::Result;

fn card_row(r: &Row) -> sql::Result<Card> {
    let client = client_row(r)?;
    // The card's own columns come after the client's.
    let at = super::clients::COLUMN_COUNT;
    let next_on: Option<String> = r.get(at)?;
    let next_at: Option<String> = r.get(at + 1)?;
    let next_due = match next_on {
        Some(d) => Some((parse_day(&d)?, next_at.map(|t| parse_ts(&t)).transpose()?)),
        None => None,
    };
    let amount = match (
        r.get::<Option<i64>>(at + 2)?,
        r.get::<Option<String>>(at + 3)?,
    ) {
        (Some(minor), Some(currency)) => Some((minor, currency)),
        _ => None,
    };
    Ok(Card {
        client,
        next_due,
        amount,
    })
}

/// How a column's cards are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardOrder {
    /// Longest in the stage first: the board.
    InStage,
    /// A work queue as of a moment (its local day, and the instant a
    /// reminder's time is compared with): the focus mode.
    Urgency(NaiveDate, DateTime<Utc>),
}

/// Which cards the board shows: lost ones too or only active ones; one
/// person's (team mode) or everyone's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    pub lost: bool,
    pub owner: Option<String>,
}

impl Shown {
    /// The condition on the owner (`c`), empty for everyone's cards: the
    /// login is the statement's value `place` (see [`Shown::values`]),
    /// never written into its text.
    fn owner_clause(&self, place: usize) -> String {
        match &self.owner {
            Some(_) => format!(" AND c.owner = ${place}"),
            None => String::new(),
        }
    }

    /// The condition on status and owner (the owner's login value `place`).
    fn clause(&self, place: usize) -> String {
        format!("{}{}", status_clause(self.lost), self.owner_clause(place))
    }

    /// A statement's `values`, the owner's login after them when the board
    /// is one person's (its place: one past the last).
    fn values<'a>(&'a self, values: &[&'a dyn sql::Param]) -> Vec<&'a dyn sql::Param> {
        let mut all = values.to_vec();
        all.extend(self.owner.as_ref().map(|o| o as &dyn sql::Param));
        all
    }
}

/// The query of a column's cards in `order` (`$1` the stage, `$4` today
/// and `$5` now for the queue, the owner's login after those); the caller
/// adds `LIMIT $2 OFFSET $3` or numbers the rows.
fn column_sql(shown: &Shown, order: CardOrder) -> String {
    let owner_place = match order {
        CardOrder::InStage => 4,
        CardOrder::Urgency(..) => 6,
    };
    let select = format!("{} AND {}", card_select(), shown.clause(owner_place));
    match order {
        CardOrder::InStage => format!("{select} ORDER BY c.stage_since, c.id"),
        // The queue in four parts, each read from the index on the next
        // step's day (schema v11) so that a window stops early: due or
        // overdue reminder first (soonest first), then nothing planned
        // (oldest first), then waiting on a later reminder — a later day,
        // or a time later today: a client who asked to be called at 15:00
        // is not called at 10 —, and the cards already worked in this
        // session last.
        CardOrder::Urgency(..) => {
            let worked = "c.id IN (SELECT id FROM worked)";
            // Whether a card due today has a reminder due now: one of a
            // whole day, or whose time has come.
            let due_now = "EXISTS (SELECT 1 FROM reminders r
                 WHERE r.client_id = c.id AND r.done_at IS NULL AND r.due_on <= $4
                   AND (r.due_at IS NULL OR r.due_at <= $5))";
            format!(
                "SELECT * FROM ({select} AND c.next_on <= $4 AND NOT {worked}
                                   AND (c.next_on < $4 OR {due_now})
                                 ORDER BY c.next_on, c.stage_since, c.id) AS due
                 UNION ALL
                 SELECT * FROM ({select} AND c.next_on IS NULL AND NOT {worked}
                                 ORDER BY c.stage_since, c.id) AS unplanned
                 UNION ALL
                 SELECT * FROM ({select} AND c.next_on >= $4 AND NOT {worked}
                                   AND (c.next_on > $4 OR NOT {due_now})
                                 ORDER BY c.stage_since, c.id) AS later
                 UNION ALL
                 SELECT * FROM ({select} AND {worked} ORDER BY c.stage_since, c.id) AS worked"
            )
        }
    }
}

/// Where a card sorts on the board: how long it has been in its station,
/// then its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardKey {
    pub stage_since: DateTime<Utc>,
    pub id: i64,
}

impl CardKey {
    pub fn of(card: &Card) -> CardKey {
        CardKey {
            stage_since: card.client.stage_since,
            id: card.client.id,
        }
    }
}

/// A window of a column (in the board's order) found by a card's key, not
/// by how many cards come before it: as quick deep in a station of 700 000
/// cards as at its top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seek {
    First,
    Last,
    /// From this card on.
    From(CardKey),
    /// The cards after this one.
    After(CardKey),
    /// The cards just before this one.
    Before(CardKey),
}

/// A card's columns for the clients of station `$1` (the caller adds
/// which statuses, the order and the window).
fn card_select() -> String {
    format!(
        "SELECT {COLUMNS},
            (SELECT r.due_on FROM reminders r WHERE r.client_id = c.id AND r.done_at IS NULL
             ORDER BY r.due_on, r.due_at LIMIT 1) AS next_on,
            (SELECT r.due_at FROM reminders r WHERE r.client_id = c.id AND r.done_at IS NULL
             ORDER BY r.due_on, r.due_at LIMIT 1),
            (SELECT o.amount_minor FROM orders o WHERE o.client_id = c.id
             ORDER BY o.invoiced_on DESC, o.id DESC LIMIT 1),
            (SELECT o.currency FROM orders o WHERE o.client_id = c.id
             ORDER BY o.invoiced_on DESC, o.id DESC LIMIT 1)
         FROM clients c
         WHERE c.stage = $1"
    )
}

/// Which clients a column holds: active only, or lost ones too.
fn status_clause(with_lost: bool) -> &'static str {
    if with_lost {
        "c.status IN ('active', 'lost')"
    } else {
        "c.status = 'active'"
    }
}

impl Db<'_> {
    /// Marks a client as worked in this focus session (it goes to the end
    /// of the queue). Session state: a temporary table of this connection.
    pub fn mark_worked(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO worked (id) VALUES ($1) ON CONFLICT DO NOTHING")?
            .execute([id])?;
        Ok(())
    }

    /// Whether client `id` was worked in this focus session.
    pub fn is_worked(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM worked WHERE id = $1")?
            .query_row([id], |r| r.get::<i64>(0))?
            > 0)
    }

    /// Starts a new focus session.
    pub fn clear_worked(&self) -> Result<()> {
        self.conn.execute("DELETE FROM worked", sql::NONE)?;
        Ok(())
    }

    /// `limit` cards of `stage` from `offset`, in `order`.
    pub fn cards(
        &self,
        stage: Stage,
        shown: &Shown,
        order: CardOrder,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Card>> {
        let sql = format!("{} LIMIT $2 OFFSET $3", column_sql(shown, order));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let key = stage.key();
        let rows = match order {
            CardOrder::InStage => stmt.query_map(
                shown.values(&params![key, limit, offset]).as_slice(),
                card_row,
            )?,
            CardOrder::Urgency(today, now) => {
                let (today, now) = (day(today), ts(now));
                let values = shown.values(&params![key, limit, offset, today, now]);
                stmt.query_map(values.as_slice(), card_row)?
            }
        };
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// `limit` cards of `stage` in the board's order, where `seek` says:
    /// each status read from the index in order from the key, so the cost
    /// does not grow with the cards before the window.
    pub fn cards_at(
        &self,
        stage: Stage,
        shown: &Shown,
        seek: Seek,
        limit: i64,
    ) -> Result<Vec<Card>> {
        let (condition, backwards) = match seek {
            Seek::First => ("", false),
            Seek::Last => ("", true),
            Seek::From(_) => (" AND (c.stage_since, c.id) >= ($3, $4)", false),
            Seek::After(_) => (" AND (c.stage_since, c.id) > ($3, $4)", false),
            Seek::Before(_) => (" AND (c.stage_since, c.id) < ($3, $4)", true),
        };
        let dir = if backwards { "DESC" } else { "ASC" };
        let statuses: &[Status] = match shown.lost {
            true => &[Status::Active, Status::Lost],
            false => &[Status::Active],
        };
        let owner = shown.owner_clause(match seek {
            Seek::First | Seek::Last => 3,
            _ => 5,
        });
        let parts: Vec<String> = statuses
            .iter()
            .map(|status| {
                format!(
                    "SELECT * FROM ({} AND c.status = '{}'{owner}{condition}
                       ORDER BY c.stage_since {dir}, c.id {dir} LIMIT $2) AS s_{}",
                    card_select(),
                    status.key(),
                    status.key()
                )
            })
            .collect();
        let sql = format!(
            "{} ORDER BY stage_since {dir}, id {dir} LIMIT $2",
            parts.join(" UNION ALL ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let key = stage.key();
        let rows = match seek {
            Seek::First | Seek::Last => {
                stmt.query_map(shown.values(&params![key, limit]).as_slice(), card_row)?
            }
            Seek::From(k) | Seek::After(k) | Seek::Before(k) => {
                let since = ts(k.stage_since);
                let values = shown.values(&params![key, limit, since, k.id]);
                stmt.query_map(values.as_slice(), card_row)?
            }
        };
        let mut cards = rows.collect::<sql::Result<Vec<_>>>()?;
        if backwards {
            cards.reverse();
        }
        Ok(cards)
    }

    /// How many cards a column holds.
    pub fn column_count(&self, stage: Stage, shown: &Shown) -> Result<i64> {
        if shown.owner.is_none() {
            let active = Some(Status::Active).filter(|_| !shown.lost);
            return self.count_clients(Some(stage), active);
        }
        let sql = format!(
            "SELECT count(*) FROM clients c WHERE c.stage = $1 AND {}",
            shown.clause(2)
        );
        let key = stage.key();
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(shown.values(&params![key]).as_slice(), |r| r.get(0))?)
    }

    /// Active clients before the farmer with no next step: everyone's from
    /// the kept counts (schema v18), one person's counted on their cards.
    pub fn count_unplanned(&self, owner: Option<&str>) -> Result<i64> {
        Ok(match owner {
            None => self
                .conn
                .prepare_cached("SELECT coalesce(sum(n), 0) FROM unplanned")?
                .query_row(sql::NONE, |r| r.get(0))?,
            Some(login) => self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM clients WHERE owner = $1 AND status = 'active'
                     AND next_on IS NULL AND stage <> 'farmer'",
                )?
                .query_row([login], |r| r.get(0))?,
        })
    }

    /// What the expected deals of a column's active clients add up to in
    /// `currency`: for everyone's board the kept sum (schema v17), for one
    /// person's their cards' values.
    pub fn column_worth(&self, stage: Stage, shown: &Shown, currency: &str) -> Result<i64> {
        let key = stage.key();
        let sql = match shown.owner {
            None => "SELECT coalesce(sum(amount_minor), 0) FROM stage_values
                     WHERE stage = $1 AND currency = $2"
                .to_string(),
            Some(_) => format!(
                "SELECT coalesce(sum(c.value_minor), 0) FROM clients c
                 WHERE c.stage = $1 AND c.value_currency = $2 AND c.status = 'active'{}",
                shown.owner_clause(3)
            ),
        };
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(shown.values(&params![key, currency]).as_slice(), |r| {
                r.get(0)
            })?)
    }

    /// The index of `client`'s card within its column in `order`, or
    /// `None` when the column does not show it.
    pub fn card_position(
        &self,
        client: &Client,
        shown: &Shown,
        order: CardOrder,
    ) -> Result<Option<i64>> {
        let visible = (client.status == Status::Active || shown.lost)
            && (shown.owner.is_none() || shown.owner == client.owner);
        if !visible {
            return Ok(None);
        }
        match order {
            // Counted on the index: the cards that sort before this one.
            CardOrder::InStage => {
                let sql = format!(
                    "SELECT count(*) FROM clients c
                     WHERE c.stage = $1 AND (c.stage_since < $2 OR (c.stage_since = $2 AND c.id < $3)) AND {}",
                    shown.clause(4)
                );
                let (key, since) = (client.stage.key(), ts(client.stage_since));
                let values = shown.values(&params![key, since, client.id]);
                Ok(Some(
                    self.conn
                        .prepare_cached(&sql)?
                        .query_row(values.as_slice(), |r| r.get(0))?,
                ))
            }
            // The queue's order is computed: number its rows.
            CardOrder::Urgency(today, now) => {
                let sql = format!(
                    "SELECT n FROM (SELECT id, row_number() OVER () - 1 AS n FROM ({}) AS q) AS p
                     WHERE id = $2",
                    column_sql(shown, order)
                );
                let (key, today, now) = (client.stage.key(), day(today), ts(now));
                let values = shown.values(&params![key, client.id, 0, today, now]);
                Ok(self
                    .conn
                    .prepare_cached(&sql)?
                    .query_row(values.as_slice(), |r| r.get(0))
                    .optional()?)
            }
        }
    }

    /// The next `limit` clients after id `after`, by id, with their folded
    /// search texts: with `words`, those whose text has every trigram of
    /// every word (SQLite's trigram index; on PostgreSQL, those that hold
    /// every word); with `None`, every client.
    pub fn search_texts(
        &self,
        words: Option<&[String]>,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let limit = limit as i64;
        let found = |sql: &str, values: &[&dyn sql::Param]| -> Result<Vec<(i64, String)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(values, |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<sql::Result<_>>()?)
        };
        let Some(words) = words else {
            return found(
                "SELECT id, search_text FROM clients WHERE id > $1 ORDER BY id LIMIT $2",
                &[&after, &limit],
            );
        };
        if self.conn.is_pg() {
            let holds = (0..words.len())
                .map(|i| format!(" AND strpos(search_text, ${}) > 0", i + 3))
                .collect::<String>();
            let sql = format!(
                "SELECT id, search_text FROM clients WHERE id > $1{holds} ORDER BY id LIMIT $2"
            );
            let mut values: Vec<&dyn sql::Param> = vec![&after, &limit];
            values.extend(words.iter().map(|w| w as &dyn sql::Param));
            return found(&sql, &values);
        }
        let query = words
            .iter()
            .flat_map(|word| {
                let letters: Vec<char> = word.chars().collect();
                letters
                    .windows(3)
                    .map(|t| format!("\"{}\"", t.iter().collect::<String>().replace('"', "\"\"")))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        found(
            "SELECT c.id, c.search_text FROM search_index s JOIN clients c ON c.id = s.rowid
             WHERE search_index MATCH $1 AND s.rowid > $2 ORDER BY s.rowid LIMIT $3",
            &[&query, &after, &limit],
        )
    }

    /// Clients by id, in the order asked (missing ids are skipped).
    pub fn clients_by_id(&self, ids: &[i64]) -> Result<Vec<Client>> {
        let mut out = Vec::with_capacity(ids.len());
        let sql = format!("SELECT {COLUMNS} FROM clients c WHERE c.id = $1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        for id in ids {
            let mut rows = stmt.query_map([id], client_row)?;
            if let Some(c) = rows.next() {
                out.push(c?);
            }
        }
        Ok(out)
    }

    /// The week's first and repeat payments (from Monday `since_day`,
    /// seven days) found by looking for an earlier payment of each, as
    /// before the flag was kept: (first sales, each currency's first and
    /// repeat sums). The reference the tests compare with.
    #[cfg(test)]
    pub fn week_payments_by_looking(
        &self,
        since_day: NaiveDate,
    ) -> Result<(i64, Vec<crate::domain::Revenue>)> {
        let mut stmt = self.conn.prepare(
            "SELECT currency, sum(CASE WHEN repeat THEN 0 ELSE 1 END),
                    sum(CASE WHEN repeat THEN 0 ELSE m END), sum(CASE WHEN repeat THEN m ELSE 0 END)
             FROM (SELECT o.currency, o.amount_minor AS m, EXISTS (
                 SELECT 1 FROM orders p WHERE p.client_id = o.client_id AND p.paid_on IS NOT NULL
                 AND (p.paid_on < o.paid_on OR (p.paid_on = o.paid_on AND p.id < o.id))) AS repeat
             FROM orders o WHERE o.paid_on >= $1 AND o.paid_on <= $2) AS w
             GROUP BY currency ORDER BY currency",
        )?;
        let sunday = since_day + chrono::Duration::days(6);
        let rows = stmt.query_map(params![day(since_day), day(sunday)], |r| {
            let firsts: i64 = r.get(1)?;
            let revenue = crate::domain::Revenue {
                currency: r.get(0)?,
                first_minor: r.get(2)?,
                repeat_minor: r.get(3)?,
            };
            Ok((firsts, revenue))
        })?;
        let (mut firsts, mut revenue) = (0, Vec::new());
        for row in rows {
            let (n, sums) = row?;
            firsts += n;
            revenue.push(sums);
        }
        Ok((firsts, revenue))
    }
}
