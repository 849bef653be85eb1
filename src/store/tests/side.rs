//! The CSV export's reads walked alongside the clients: each client gets
//! its own latest entry, paid sums and next reminder, whoever has none
//! between them.

use super::*;

fn rub(minor: i64, currency: &str) -> Money {
    Money {
        minor,
        currency: currency.into(),
    }
}

#[test]
fn each_client_gets_its_own_side_whoever_has_none_between() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let at = |h: i64| t0() + chrono::Duration::hours(h);
    let remind = |db: &WriteDb, id: i64, text: &str, due_on: NaiveDate| {
        db.insert_reminder(
            &NewReminder {
                client_id: Some(id),
                text,
                due_on,
                due_at: None,
                origin: ReminderOrigin::Manual,
                order_id: None,
                count: None,
            },
            t0(),
        )
    };
    let ids = store
        .write(|db| {
            let ids: Vec<i64> = ["Анна", "Борис", "Вера", "Глеб", "Дина"]
                .iter()
                .map(|n| db.insert_client(&new_client(n), Stage::Hunter, t0()))
                .collect::<Result<_>>()?;
            // Анна: two entries (the later one is hers), payments in two
            // currencies, two reminders (the earlier day first).
            db.insert_activity(&Activity::new(ids[0], at(1), ActivityKind::Call))?;
            db.insert_activity(&Activity::new(ids[0], at(3), ActivityKind::Note))?;
            db.insert_paid_order(ids[0], &rub(100, "RUB"), day(20), t0())?;
            db.insert_paid_order(ids[0], &rub(50, "RUB"), day(21), t0())?;
            db.insert_paid_order(ids[0], &rub(7, "USD"), day(21), t0())?;
            remind(db, ids[0], "later", day(28))?;
            remind(db, ids[0], "sooner", day(26))?;
            // Борис: nothing but himself. Вера: lost, her reminder no next
            // step. Глеб: a reminder, an unpaid invoice and entries (below).
            // Дина: a payment and a call.
            db.set_status(ids[2], Status::Lost, Some("no budget"), at(2))?;
            remind(db, ids[2], "lost's", day(25))?;
            remind(db, ids[3], "his", day(27))?;
            // Глеб's latest second holds two entries: the first written is
            // his latest; an earlier one written after changes nothing.
            db.insert_activity(&Activity::new(ids[3], at(5), ActivityKind::Meeting))?;
            db.insert_activity(&Activity::new(ids[3], at(5), ActivityKind::Email))?;
            db.insert_activity(&Activity::new(ids[3], at(4), ActivityKind::Call))?;
            db.insert_order(ids[3], &rub(900, "RUB"), day(22), t0())?;
            db.insert_paid_order(ids[4], &rub(30, "RUB"), day(22), t0())?;
            db.insert_activity(&Activity::new(ids[4], at(2), ActivityKind::Call))?;
            Ok(ids)
        })
        .unwrap();
    let mut seen = Vec::new();
    store
        .read()
        .each_client_with_side(day(30), |c, side| {
            seen.push((
                c.id,
                side.last.map(|(_, kind)| kind),
                side.paid,
                side.next.map(|r| r.text),
            ));
            Ok(())
        })
        .unwrap();
    let some = |s: &str| Some(s.to_string());
    let paid = |sums: &[(&str, i64)]| -> Vec<(String, i64)> {
        sums.iter().map(|(c, m)| (c.to_string(), *m)).collect()
    };
    assert_eq!(
        seen,
        vec![
            (
                ids[0],
                some("note"),
                paid(&[("RUB", 150), ("USD", 7)]),
                some("sooner")
            ),
            (ids[1], None, paid(&[]), None),
            (ids[2], None, paid(&[]), None),
            (ids[3], some("meeting"), paid(&[]), some("his")),
            (ids[4], some("call"), paid(&[("RUB", 30)]), None),
        ]
    );
}
