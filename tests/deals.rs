//! End-to-end: the expected deal (a seller's estimate before the first
//! payment) and the forecast learned from the conveyor's own flow, on a
//! scripted history worked out by hand (docs/terms.md, "Forecast").

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};

mod common;
use common::Env;

#[test]
fn an_expected_deal_is_an_estimate_until_the_first_payment() {
    let k = Env::new();
    let id = k.ok(&[
        "add",
        "Анна",
        "--stage",
        "hunter",
        "--value",
        "150 000",
        "--expected",
        "2026-12-10",
    ]);
    let id = id.trim();
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(shown["value_minor"], 15_000_000);
    assert_eq!(shown["value_currency"], "RUB");
    assert_eq!(shown["expected_on"], "2026-12-10");
    assert!(
        k.ok(&["show", id])
            .contains("expected   ₽150,000 by 2026-12-10")
    );
    // Without one, the fields are left out: today's output keeps its shape.
    let boris = k.ok(&["add", "Борис"]);
    let listed = k.json(&["list", "--json"]);
    let boris = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_i64() == boris.trim().parse().ok())
        .unwrap();
    for field in ["value_minor", "value_currency", "expected_on"] {
        assert!(boris.get(field).is_none(), "{field} in {boris}");
    }
    // Never an invoice, never a chase.
    assert_eq!(k.json(&["agenda", "--json"])["unpaid"], json!([]));
    // An edit changes or clears one part.
    k.ok(&["edit", id, "--expected", "+2w"]);
    assert_eq!(k.json(&["show", id, "--json"])["expected_on"], "2026-12-07");
    k.ok(&["edit", id, "--expected", ""]);
    assert!(k.json(&["show", id, "--json"]).get("expected_on").is_none());
    let err = k.fails(&["edit", id, "--value", "lots"], 1);
    assert!(err.contains("lots"), "{err}");
    // The invoice takes the deal as its amount; the first payment clears it.
    let oid = k.ok(&["invoice", id]);
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(shown["orders"][0]["amount_minor"], 15_000_000);
    assert_eq!(
        shown["value_minor"], 15_000_000,
        "an invoice is not a payment"
    );
    k.ok(&["paid", oid.trim()]);
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(shown["stage"], "farmer");
    assert!(shown.get("value_minor").is_none(), "{shown}");
    // A paying client's new business is an order, not a deal.
    let err = k.fails(&["edit", id, "--value", "5000"], 1);
    assert!(err.contains("has paid already"), "{err}");
    let err = k.fails(&["invoice", boris["id"].to_string().as_str()], 1);
    assert!(err.contains("no expected deal"), "{err}");
}

#[test]
fn deals_go_out_and_come_back_in_through_csv() {
    let k = Env::new();
    k.ok(&[
        "add",
        "Анна",
        "--phone",
        "+79991112233",
        "--value",
        "1 500,50",
        "--expected",
        "2026-12-10",
    ]);
    let file = k.dir().join("out.csv");
    k.ok(&["export", "-o", file.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains(",1500.50,2026-12-10,"), "{csv}");
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let anna = common::client_named(&other, "Анна");
    assert_eq!(anna["value_minor"], 150_050, "{anna}");
    assert_eq!(anna["expected_on"], "2026-12-10", "{anna}");
}

/// Ten leads on 1 September; six qualified on the 3rd (two lost); four of
/// those on to the hunter on the 10th; two of them paid on the 20th.
fn scripted(k: &Env) {
    for i in 1..=10 {
        k.at("2026-09-01T10:00", &["add", &format!("Lead {i}")]);
    }
    for i in 1..=6 {
        k.at("2026-09-03T10:00", &["move", &i.to_string(), "qualifier"]);
    }
    for i in 7..=8 {
        k.at(
            "2026-09-03T10:00",
            &["lose", &i.to_string(), "--reason", "no budget"],
        );
    }
    for i in 1..=4 {
        k.at("2026-09-10T10:00", &["move", &i.to_string(), "hunter"]);
    }
    for i in 1..=2 {
        k.at("2026-09-20T10:00", &["sale", &i.to_string(), "1000"]);
    }
    // The open deals, as of the forecast's day (23 November).
    k.ok(&["edit", "3", "--value", "100000", "--expected", "2026-11-25"]);
    k.ok(&["edit", "4", "--value", "40000"]);
    k.ok(&["edit", "5", "--value", "30000"]);
    k.ok(&["edit", "9", "--value", "10000"]);
}

#[test]
fn the_forecast_of_a_scripted_history_follows_the_definitions() {
    let k = Env::new();
    scripted(&k);
    let f: Value = k.json(&["forecast", "--json"]);
    // 26 whole weeks before the week of 23 November.
    assert_eq!(
        (f["from"].as_str(), f["to"].as_str()),
        (Some("2026-05-25"), Some("2026-11-22"))
    );
    assert_eq!(f["currency"], "RUB");
    // Telemarketer: 10 stays, 6 on (0.6). Qualifier: 6 stays, 4 on — too
    // few, the whole history's (the same 6). Hunter: 4 stays, 2 paid
    // (0.5), the whole history's too. From the hunter 0.5; from the
    // qualifier 4/6 × 0.5 = 1/3; from the telemarketer 0.6 × 1/3 = 0.2;
    // each resting on 4 stays at least (the hunter's), each a fallback.
    assert_eq!(
        f["stations"],
        json!([
            {"stage": "telemarketer", "clients": 2, "value_minor": 1_000_000,
             "probability": 0.2, "based_on": 4, "fallback": true, "weighted_minor": 200_000},
            {"stage": "qualifier", "clients": 2, "value_minor": 3_000_000,
             "probability": 0.3333, "based_on": 4, "fallback": true, "weighted_minor": 1_000_000},
            {"stage": "hunter", "clients": 2, "value_minor": 14_000_000,
             "probability": 0.5, "based_on": 4, "fallback": true, "weighted_minor": 7_000_000},
        ])
    );
    // Lead 3 expects to pay on the 25th (W48): 100 000 × 0.5. Lead 4 has
    // no day: the hunter's median of 10 days to a first payment puts it on
    // 3 December (W49). Lead 5 (qualifier, 17 days) on 10 December and
    // lead 9 (telemarketer, 19 days) on 12 December: W50.
    assert_eq!(
        f["ahead"],
        json!([
            {"period": "2026-W48", "expected_minor": 5_000_000},
            {"period": "2026-W49", "expected_minor": 2_000_000},
            {"period": "2026-W50", "expected_minor": 1_200_000},
            {"period": "2026-W51", "expected_minor": 0},
            {"period": "2026-11", "expected_minor": 5_000_000},
            {"period": "2026-12", "expected_minor": 3_200_000},
            {"period": "2027-01", "expected_minor": 0},
        ])
    );
    let text = k.ok(&["forecast"]);
    assert!(text.contains("fewer than 10 stays"), "{text}");
    assert!(text.contains("weighted in all: ₽82,000"), "{text}");
    // A plan's first revenue: the forecast beside the straight line.
    k.ok(&["plan", "first_revenue=100000"]);
    let plan = k.json(&["plan", "--json"]);
    assert_eq!(plan[0]["metric"], "first_revenue");
    assert_eq!(plan[0]["forecast"], 5_000_000, "{plan}");
}

#[test]
fn the_deals_kept_per_station_agree_with_counting_as_cards_move() {
    let k = Env::new();
    scripted(&k);
    k.ok(&["move", "4", "qualifier"]);
    k.ok(&["lose", "3", "--reason", "chose a competitor"]);
    k.ok(&["revive", "3"]);
    k.ok(&["delete", "5", "--yes"]);
    // Lead 10 has no deal; it takes over lead 9's.
    k.ok(&["merge", "10", "9"]);
    assert_eq!(k.json(&["show", "10", "--json"])["value_minor"], 1_000_000);
    // `check` compares what the triggers keep (schema v17's sums among
    // them) with counting.
    k.ok(&["check"]);
}

/// Money typed with its currency is in that currency, on every command
/// that takes an amount; an option that names another is refused, and
/// nothing is written.
#[test]
fn an_amount_written_with_its_currency_is_in_that_currency() {
    let k = Env::new();
    let id = k.ok(&["add", "Anna", "--value", "$2,500"]);
    let id = id.trim();
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(
        (&shown["value_minor"], &shown["value_currency"]),
        (&json!(250_000), &json!("USD"))
    );
    // A new value without a currency stays in the deal's; with one, in that.
    k.ok(&["edit", id, "--value", "2 600"]);
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(
        (&shown["value_minor"], &shown["value_currency"]),
        (&json!(260_000), &json!("USD"))
    );
    k.ok(&["edit", id, "--value", "2 700 руб."]);
    assert_eq!(k.json(&["show", id, "--json"])["value_currency"], "RUB");
    k.ok(&["edit", id, "--value", "$2,500"]);
    // The forecast weighs the config's currency, and says what it left.
    let forecast = k.ok(&["forecast"]);
    assert!(
        forecast.contains(
            "not weighed: $2,500 in one deal in USD — the forecast weighs the RUB deals alone"
        ),
        "{forecast}"
    );
    assert!(k.json(&["forecast", "--json"]).get("left_out").is_none());
    // The expected deal is invoiced in its own currency.
    k.ok(&["invoice", id]);
    for (amount, currency, minor, code) in [
        ("1 500 €", None, 150_000, "EUR"),
        ("EUR 99,90", Some("eur"), 9_990, "EUR"),
        ("100 chf", None, 10_000, "CHF"),
        ("500руб", None, 50_000, "RUB"),
        ("700", Some("$"), 70_000, "USD"),
        // Bare, in the client's currency: the deal is paid, its newest
        // order is in dollars.
        ("700", None, 70_000, "USD"),
        ("800", Some("RUB"), 80_000, "RUB"),
        ("900", None, 90_000, "RUB"),
    ] {
        let mut args = vec!["sale", id, amount];
        args.extend(currency.iter().flat_map(|c| ["--currency", *c]));
        let oid: i64 = k.ok(&args).trim().parse().unwrap();
        let orders = k.json(&["show", id, "--json"])["orders"].clone();
        let order = orders
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == oid)
            .unwrap()
            .clone();
        assert_eq!(
            (&order["amount_minor"], &order["currency"]),
            (&json!(minor), &json!(code)),
            "{amount} {currency:?}"
        );
    }
    let before = k.json(&["show", id, "--json"]);
    let err = k.fails(&["sale", id, "100 ₽", "--currency", "USD"], 1);
    assert!(err.contains("'100 ₽' is in RUB, not USD"), "{err}");
    let err = k.fails(&["invoice", id, "$100", "--currency", "EUR"], 1);
    assert!(err.contains("in USD, not EUR"), "{err}");
    assert_eq!(k.json(&["show", id, "--json"]), before);
    // A plan's revenue is in the config's currency.
    let err = k.fails(&["plan", "first_revenue=€300"], 1);
    assert!(err.contains("in EUR, not RUB"), "{err}");
    k.ok(&["plan", "first_revenue=300 ₽"]);
    assert_eq!(k.json(&["plan", "--json"])[0]["target"], 30_000);
}

/// An amount written without a currency on an invoice, a sale or a new
/// deal's value is in the client's: its expected deal's, else its newest
/// order's, else the config's — a dollar client's `3000` is $3,000, never
/// ₽3,000.
#[test]
fn a_bare_amount_is_in_the_clients_currency() {
    let k = Env::new();
    let order = |id: &str, oid: &str| {
        let oid: i64 = oid.trim().parse().expect("an order id");
        let orders = k.json(&["show", id, "--json"])["orders"].clone();
        let order = orders.as_array().unwrap().iter().find(|o| o["id"] == oid);
        let order = order.expect("the order").clone();
        (
            order["amount_minor"].as_i64().unwrap(),
            order["currency"].as_str().unwrap().to_string(),
        )
    };
    let usd = |minor: i64| (minor, "USD".to_string());
    let bob = k.ok(&["add", "Bob", "--value", "$1,000"]);
    let bob = bob.trim();
    // The deal's currency, before any order.
    let oid = k.ok(&["invoice", bob, "3000"]);
    assert_eq!(order(bob, &oid), usd(300_000));
    // The first payment clears the deal; the newest order's currency then.
    let oid = k.ok(&["sale", bob, "1000"]);
    assert_eq!(order(bob, &oid), usd(100_000));
    assert!(
        k.json(&["show", bob, "--json"])
            .get("value_minor")
            .is_none_or(|v| v.is_null())
    );
    let oid = k.ok(&["sale", bob, "500"]);
    assert_eq!(order(bob, &oid), usd(50_000));
    k.ok(&["sale", bob, "€200"]);
    let oid = k.ok(&["sale", bob, "100"]);
    assert_eq!(order(bob, &oid), (10_000, "EUR".to_string()));
    // A deal's value, bare, is in the client's currency too: a client
    // invoiced in dollars, not yet paying.
    let eve = k.ok(&["add", "Eve"]);
    let eve = eve.trim();
    k.ok(&["invoice", eve, "$500"]);
    k.ok(&["edit", eve, "--value", "900"]);
    let shown = k.json(&["show", eve, "--json"]);
    assert_eq!(
        (&shown["value_minor"], &shown["value_currency"]),
        (&json!(90_000), &json!("USD"))
    );
    // A client with neither: the config's.
    let carl = k.ok(&["add", "Carl"]);
    let oid = k.ok(&["sale", carl.trim(), "100"]);
    assert_eq!(order(carl.trim(), &oid), (10_000, "RUB".to_string()));
    // Without an amount, the deal, asked for by its code or its sign.
    let dan = k.ok(&["add", "Dan", "--value", "$1,000"]);
    let dan = dan.trim();
    let oid = k.ok(&["invoice", dan, "--currency", "$"]);
    assert_eq!(order(dan, &oid), usd(100_000));
    let before = k.json(&["show", dan, "--json"]);
    let err = k.fails(&["invoice", dan, "--currency", "EUR"], 1);
    assert!(err.contains("no expected deal in that currency"), "{err}");
    let err = k.fails(&["invoice", bob], 1);
    assert!(err.contains("no expected deal"), "{err}");
    assert_eq!(k.json(&["show", dan, "--json"]), before);
}

/// A report saved from a CRM or Excel names the value's currency in its
/// header: `Amount (USD)`, `Бюджет, руб.`, `Deal value $`, and sometimes
/// that it counts in thousands. The header's currency is the column's; a
/// row's currency column, or an amount written with its own, says
/// otherwise for that row.
#[test]
fn a_value_columns_header_names_its_currency() {
    let k = Env::new();
    let cases = [
        (
            "Name;Amount (USD);Stage\nAnn;1500;Negotiation\n",
            150_000,
            "USD",
        ),
        (
            "Имя;Бюджет, руб.;Этап\nАнна;150 000;Переговоры\n",
            15_000_000,
            "RUB",
        ),
        (
            "Имя;Бюджет ₽;Этап\nАнна;150000;Переговоры\n",
            15_000_000,
            "RUB",
        ),
        (
            "Name;Deal value €;Stage\nAnn;99,90;Negotiation\n",
            9_990,
            "EUR",
        ),
        (
            "Name;Deal value $;Currency;Stage\nAnn;1500;EUR;Negotiation\n",
            150_000,
            "EUR",
        ),
        (
            "Name;Deal value $;Stage\nAnn;€200;Negotiation\n",
            20_000,
            "EUR",
        ),
        // Counted in thousands, as a Russian report writes money.
        (
            "Имя;Сумма, тыс. руб.;Этап\nАнна;1 500;Переговоры\n",
            150_000_000,
            "RUB",
        ),
        (
            "Name;Amount (USD thousands);Stage\nAnn;2.5;Negotiation\n",
            250_000,
            "USD",
        ),
        // A cell that counts itself, as a hand-kept sheet writes it; under
        // a header in thousands it is not counted twice.
        (
            "Имя;Бюджет;Этап\nАнна;150 тыс.;Переговоры\n",
            15_000_000,
            "RUB",
        ),
        (
            "Имя;Бюджет;Этап\nАнна;1,5 млн руб.;Переговоры\n",
            150_000_000,
            "RUB",
        ),
        (
            "Имя;Сумма, тыс. руб.;Этап\nАнна;1,5 млн;Переговоры\n",
            150_000_000,
            "RUB",
        ),
        (
            "Name;Amount;Stage\nAnn;$20k;Negotiation\n",
            2_000_000,
            "USD",
        ),
    ];
    for (i, (file, minor, currency)) in cases.into_iter().enumerate() {
        let there = Env::new();
        let path = k.dir().join(format!("deal{i}.csv"));
        std::fs::write(&path, file).unwrap();
        let out = there.ok(&["import", path.to_str().unwrap()]);
        assert!(
            !out.contains("line 2"),
            "nothing to say about the row: {out}"
        );
        let ann = &there.json(&["list", "--json"])[0];
        assert_eq!(ann["value_minor"], minor, "{file}");
        assert_eq!(ann["value_currency"], currency, "{file}");
        assert!(ann["notes"].is_null(), "the value is no note: {file}");
    }
}
