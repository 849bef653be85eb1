//! Money on the board: the expected deals a column adds up, the invoice
//! that suggests a deal, amounts typed with their currency, payments and
//! invoices cancelled.

use crate::domain::{Stage, Status};
use crate::i18n::Lang;
use crate::service;
use crate::tui::app::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn a_columns_deals_add_up_in_its_title_and_the_invoice_suggests_the_deal(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    let id = selected_id(&app);
    let deal = app.store.read().client(id).expect("client").value();
    let deal = deal.expect("the demo's hunters have deals");
    let hunters = crate::store::ClientFilter {
        stage: Some(Stage::Hunter),
        status: Some(Status::Active),
        ..Default::default()
    };
    let summed: i64 = app
        .store
        .read()
        .clients(&hunters)
        .expect("clients")
        .iter()
        .filter_map(|c| c.value_minor)
        .sum();
    assert_eq!(app.columns[2].worth, summed);
    let title = format!("Hunter ≈{} ", crate::i18n::money(Lang::En, summed, "RUB"));
    assert!(render(&app, 200, 50).contains(&title), "{title}");
    // The card back to the qualifier: its deal goes with it.
    let qualified = app.columns[1].worth;
    press(&mut app, "H");
    assert_eq!(app.columns[2].worth, summed - deal.minor);
    assert_eq!(app.columns[1].worth, qualified + deal.minor);
    // The invoice form suggests the deal; Enter takes it as it is. The
    // title names no currency for a client in the usual one.
    press(&mut app, "i");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the invoice form");
    };
    assert_eq!(form.value(0), (deal.minor / 100).to_string());
    assert!(!form.title.contains(" · "), "{}", form.title);
    key(&mut app, KeyCode::Enter);
    let orders = app.store.read().client_orders(id).expect("orders");
    assert_eq!(orders[0].amount_minor, deal.minor);
    // Typed over, the suggestion goes whole.
    press(&mut app, "i12 500");
    key(&mut app, KeyCode::Enter);
    let orders = app.store.read().client_orders(id).expect("orders");
    assert_eq!(orders[0].amount_minor, 1_250_000);
}

/// An amount typed with its currency is in that currency; a deal in
/// another currency than the default is shown with it, kept as it is
/// when its field is left alone, and a new value typed bare stays in it.
#[apply(engines)]
fn money_typed_with_its_currency_is_in_that_currency(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    let id = selected_id(&app);
    let currency = |app: &crate::tui::app::App| {
        let deal = app.store.read().client(id).expect("client").value();
        deal.map(|d| (d.minor, d.currency))
    };
    // The edit form's Value (its 7th field) typed over, and saved.
    let set_value = |app: &mut crate::tui::app::App, text: &str| {
        press(app, "e");
        for _ in 0..6 {
            key(app, KeyCode::Tab);
        }
        app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        press(app, text);
        key(app, KeyCode::Enter);
    };
    // The deal in dollars.
    set_value(&mut app, "$2,500");
    assert_eq!(currency(&app), Some((250_000, "USD".to_string())));
    // Shown with its currency; the form saved as shown changes nothing.
    press(&mut app, "e");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the edit form");
    };
    assert_eq!(form.value(6), "2500 USD");
    key(&mut app, KeyCode::Enter);
    assert_eq!(currency(&app), Some((250_000, "USD".to_string())));
    // A new value typed without a currency stays in dollars.
    set_value(&mut app, "2600");
    assert_eq!(currency(&app), Some((260_000, "USD".to_string())));
    // The invoice suggests it in dollars, and takes another currency typed;
    // its title names the client's currency, which an amount typed bare
    // is in.
    press(&mut app, "i");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the invoice form");
    };
    assert!(form.title.ends_with(" · USD"), "{}", form.title);
    key(&mut app, KeyCode::Enter);
    press(&mut app, "i300 €");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "i");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut app, "700");
    key(&mut app, KeyCode::Enter);
    let orders = app.store.read().client_orders(id).expect("orders");
    let orders: Vec<_> = orders
        .iter()
        .map(|o| (o.amount_minor, o.currency.as_str()))
        .collect();
    assert_eq!(
        orders[..3],
        [(70_000, "USD"), (30_000, "EUR"), (260_000, "USD")]
    );
}

/// Client `id`'s invoices waiting for their payment, oldest first.
fn waiting(app: &App, id: i64) -> Vec<i64> {
    let mut orders = app.store.read().client_orders(id).expect("orders");
    orders.retain(crate::domain::Order::waits);
    orders.sort_by_key(|o| (o.invoiced_on, o.id));
    orders.iter().map(|o| o.id).collect()
}

#[apply(engines)]
fn invoice_then_paid_moves_a_hunter_client_to_the_farmer(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    let id = selected_id(&app);
    let before = app.store.read().client_orders(id).expect("orders").len();
    press(&mut app, "i12 500");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let orders = app.store.read().client_orders(id).expect("orders");
    assert_eq!(orders.len(), before + 1);
    // Pay every open invoice of the client; the first payment promotes it.
    while !waiting(&app, id).is_empty() {
        app.jump_to(id).expect("jump");
        press(&mut app, "p");
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Farmer
    );
    press(&mut app, "p");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no unpaid invoice"))
    );
}

#[apply(engines)]
fn x_cancels_the_oldest_invoice_waiting_with_the_reason_typed(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    let id = selected_id(&app);
    press(&mut app, "i12 500");
    key(&mut app, KeyCode::Enter);
    let before = waiting(&app, id);
    press(&mut app, "Xmeant 125 000");
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.notice
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(waiting(&app, id), before[1..], "the oldest one withdrawn");
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(
        notice.contains(&format!("invoice #{} (", before[0])),
        "{notice}"
    );
    let detail = service::client_detail(&app.store, now(), id).expect("detail");
    assert_eq!(detail.timeline[0].text.as_deref(), Some("meant 125 000"));
    // Taken back, it waits again; cancelled again.
    press(&mut app, "u");
    assert_eq!(waiting(&app, id), before, "undone");
    press(&mut app, "X");
    key(&mut app, KeyCode::Enter);
    // Esc withdraws nothing; with none waiting, it says so.
    press(&mut app, "X");
    key(&mut app, KeyCode::Esc);
    assert_eq!(waiting(&app, id), before[1..]);
    while !waiting(&app, id).is_empty() {
        press(&mut app, "X");
        key(&mut app, KeyCode::Enter);
    }
    press(&mut app, "X");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no unpaid invoice"))
    );
}

#[apply(engines)]
fn paid_on_the_board_follows_the_card_to_the_farmer(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    assert_eq!(app.columns[app.col].stage, Stage::Hunter);
    let id = selected_id(&app);
    let amount = crate::domain::Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    service::invoice(&mut app.store, now(), id, &amount, now().today()).expect("invoice");
    press(&mut app, "p");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.columns[app.col].stage, Stage::Farmer);
    assert_eq!(selected_id(&app), id, "the selection moved with the card");
}
