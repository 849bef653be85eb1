//! Error messages: what was wrong and what to do, in both languages.

use super::{Lang, check_failed, stage_word};
use crate::domain::{DomainError, Stage};
use crate::error::Error;

fn domain_en(e: &DomainError) -> String {
    use DomainError as D;
    match e {
        D::BadStage(s) => format!("unknown stage '{s}' — use one of {}", stages_hint(Lang::En)),
        D::StageDisabled(s) => format!("the {} station is switched off", s.key()),
        D::NoNextStage(s) => format!("{} is the last station — there is no next one", s.key()),
        D::NoPrevStage(s) => format!(
            "{} is the first station — there is no previous one",
            s.key()
        ),
        D::AlreadyInStage(s) => format!("the client is already in {}", s.key()),
        D::BadWhen(s) => format!(
            "cannot read the date '{s}' — try 2026-11-25, '2026-11-25 14:30', today, tomorrow, +3d, +2h, +1w or a weekday"
        ),
        D::BadAmount(s) => {
            format!("cannot read the amount '{s}' — try 125000, '125 000' or 125000.50")
        }
        D::ZeroAmount => "the amount must be greater than zero".into(),
        D::AmountTooLarge(s) => format!(
            "the amount '{s}' is implausibly large — konveyer takes up to 1 000 000 000 000; check the digits"
        ),
        D::BadCurrency(s) => {
            format!("unknown currency '{s}' — use a three-letter code such as RUB, USD, EUR")
        }
        D::EmptyName => "the name is empty — give the client a name".into(),
        D::BadEmail(s) => format!("'{s}' does not look like an email address"),
        D::BadPhone(s) => format!(
            "'{s}' does not look like a phone number — use digits, an optional leading +, spaces, dashes or brackets (e.g. +7 999 123-45-67)"
        ),
        D::BadActivityKind(s) => format!("unknown kind '{s}' — use call, meeting, email or note"),
        D::BadOutcome(s) => format!(
            "unknown call outcome '{s}' — use no-answer, call-back, interested or not-target"
        ),
    }
}

fn domain_ru(e: &DomainError) -> String {
    use DomainError as D;
    let stage = |s: &Stage| stage_word(Lang::Ru, *s);
    match e {
        D::BadStage(s) => format!(
            "неизвестный этап «{s}» — используйте {}",
            stages_hint(Lang::Ru)
        ),
        D::StageDisabled(s) => format!("этап «{}» выключен", stage(s)),
        D::NoNextStage(s) => format!("«{}» — последний этап, дальше некуда", stage(s)),
        D::NoPrevStage(s) => format!("«{}» — первый этап, назад некуда", stage(s)),
        D::AlreadyInStage(s) => format!("клиент уже на этапе «{}»", stage(s)),
        D::BadWhen(s) => format!(
            "не понимаю дату «{s}» — пример: 2026-11-25, «2026-11-25 14:30», сегодня, завтра, +3д, +2ч, +1н, пятница"
        ),
        D::BadAmount(s) => format!("не понимаю сумму «{s}» — пример: 125000, «125 000», 125000,50"),
        D::ZeroAmount => "сумма должна быть больше нуля".into(),
        D::AmountTooLarge(s) => format!(
            "сумма «{s}» неправдоподобно велика — konveyer принимает до 1 000 000 000 000; проверьте цифры"
        ),
        D::BadCurrency(s) => {
            format!("неизвестная валюта «{s}» — нужен трёхбуквенный код: RUB, USD, EUR")
        }
        D::EmptyName => "имя пустое — укажите имя клиента".into(),
        D::BadEmail(s) => format!("«{s}» не похоже на адрес почты"),
        D::BadPhone(s) => format!(
            "«{s}» не похоже на телефон — цифры, + в начале, пробелы, дефисы или скобки (например, +7 999 123-45-67)"
        ),
        D::BadActivityKind(s) => {
            format!(
                "неизвестный тип «{s}» — звонок, встреча, письмо или заметка (call, meeting, email, note)"
            )
        }
        D::BadOutcome(s) => format!(
            "неизвестный итог звонка «{s}» — no-answer, call-back, interested или not-target"
        ),
    }
}

/// An error's message: what was wrong and what to do.
pub fn error(lang: Lang, e: &Error) -> String {
    match lang {
        Lang::En => error_en(e),
        Lang::Ru => error_ru(e),
    }
}

fn stages_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "telemarketer, qualifier, hunter, closer, farmer (or the first letter)",
        Lang::Ru => {
            "телемаркетолог (т), квалификатор (к), хантер (х), клоузер (кл), фермер (ф) — или telemarketer, qualifier, hunter, closer, farmer"
        }
    }
}

fn error_en(e: &Error) -> String {
    use Error as E;
    match e {
        E::Domain(d) => domain_en(d),
        E::OutcomeNotForCall => "--outcome is only for calls".into(),
        E::CallBackNeedsWhen => "when should you call back? give a day or a time (e.g. 'fri 11:00')".into(),
        E::CallBackNeedsAt => "when should you call back? add --at WHEN (e.g. --at 'fri 11:00')".into(),
        E::EmptyReason => "say why the client is lost".into(),
        E::EmptyText => "the text is empty — say what to remind about".into(),
        E::BadNow(s) => format!("KONVEYER_NOW='{s}' is not a moment — use 2026-11-25T10:00"),
        E::BadClientRef(s) => format!(
            "'{s}' is not a client id — give a number from `konveyer list`, or '-' for none"
        ),
        E::CheckFailed(n) => check_failed(Lang::En, *n),
        E::NothingSelected => "select a client first".into(),
        E::NoReminderSelected => "no reminder selected — select one in the pane (Tab) or the agenda (A)".into(),
        E::NothingToChange => "nothing to change — give at least one new value (see --help)".into(),
        E::NeedsYes => "deleting asks first — run it in a terminal, or add --yes in a script".into(),
        E::MergeSelf(id) => format!("cannot merge client #{id} into itself — give two different ids"),
        E::NoDatabase(p) => format!(
            "no database at {} — create one with `konveyer add NAME` (or try `konveyer demo`), or check --db",
            p.display()
        ),
        E::Cancelled => "cancelled — nothing was changed".into(),
        E::NotATerminal => "the board needs a terminal — run konveyer in one, or see `konveyer --help` for commands".into(),
        E::NoClient(id) => format!("no client #{id} — see `konveyer list`"),
        E::NoReminder(id) => format!("no reminder #{id} — see `konveyer agenda`"),
        E::NoOrder(id) => format!("no order #{id} — see `konveyer show CLIENT`"),
        E::ClientLost(id) => {
            format!("client #{id} is lost — bring it back first: `konveyer revive {id}`")
        }
        E::ClientNotLost(id) => format!("client #{id} is not lost — nothing to revive"),
        E::AlreadyLost(id) => format!("client #{id} is already lost"),
        E::ReminderDone(id) => format!("reminder #{id} is already done"),
        E::OrderPaid(id) => format!("order #{id} is already paid"),
        E::PaidBeforeInvoiced => "the payment date is before the invoice date".into(),
        E::SchemaTooNew { found, supported } => format!(
            "this database was written by a newer konveyer (schema {found}, this one knows up to {supported}) — upgrade konveyer"
        ),
        E::NotKonveyer(p) => format!(
            "{} is not a konveyer database (or it is damaged)",
            p.display()
        ),
        E::ReadOnly(p) => format!("{} is read-only — check its permissions", p.display()),
        E::Busy => "the database is busy (another konveyer is writing) — try again".into(),
        E::FileExists(p) => format!(
            "{} already exists — choose another file or remove it first",
            p.display()
        ),
        E::NotEmpty(p) => format!(
            "{} already holds clients — give the demo a fresh file with --db",
            p.display()
        ),
        E::NoDataDir => "cannot find a data directory — pass --db PATH or set KONVEYER_DB".into(),
        E::BadConfig(p, why) => format!("the config file {} is wrong: {why} — fix it or move it away", p.display()),
        E::Io(s) => format!("file error: {s}"),
        E::Db(s) => format!("database error: {s}"),
    }
}

fn error_ru(e: &Error) -> String {
    use Error as E;
    match e {
        E::Domain(d) => domain_ru(d),
        E::OutcomeNotForCall => "итог (--outcome) бывает только у звонка".into(),
        E::CallBackNeedsWhen => {
            "когда перезвонить? укажите день или время (например, «пт 11:00»)".into()
        }
        E::CallBackNeedsAt => {
            "когда перезвонить? добавьте --at КОГДА (например, --at 'пт 11:00')".into()
        }
        E::EmptyReason => "укажите причину потери".into(),
        E::EmptyText => "текст пустой — о чём напомнить?".into(),
        E::BadNow(s) => format!("KONVEYER_NOW='{s}' — не момент времени; пример: 2026-11-25T10:00"),
        E::BadClientRef(s) => format!(
            "«{s}» — не номер клиента; возьмите номер из `konveyer list` или «-», если клиента нет"
        ),
        E::CheckFailed(n) => check_failed(Lang::Ru, *n),
        E::NothingSelected => "сначала выберите клиента".into(),
        E::NoReminderSelected => {
            "напоминание не выбрано — выберите его в панели (Tab) или в повестке (A)".into()
        }
        E::NothingToChange => {
            "менять нечего — укажите хотя бы одно новое значение (см. --help)".into()
        }
        E::NeedsYes => {
            "удаление спрашивает подтверждение — запустите в терминале или добавьте --yes в скрипте"
                .into()
        }
        E::MergeSelf(id) => {
            format!("нельзя объединить клиента #{id} с самим собой — укажите два разных номера")
        }
        E::NoDatabase(p) => format!(
            "базы {} нет — создайте её: `konveyer add ИМЯ` (или попробуйте `konveyer demo`), либо проверьте --db",
            p.display()
        ),
        E::Cancelled => "отменено — ничего не изменено".into(),
        E::NotATerminal => {
            "доске нужен терминал — запустите konveyer в нём или см. `konveyer --help`".into()
        }
        E::NoClient(id) => format!("нет клиента #{id} — см. `konveyer list`"),
        E::NoReminder(id) => format!("нет напоминания #{id} — см. `konveyer agenda`"),
        E::NoOrder(id) => format!("нет заказа #{id} — см. `konveyer show КЛИЕНТ`"),
        E::ClientLost(id) => {
            format!("клиент #{id} потерян — сначала верните его: `konveyer revive {id}`")
        }
        E::ClientNotLost(id) => format!("клиент #{id} не потерян — возвращать нечего"),
        E::AlreadyLost(id) => format!("клиент #{id} уже потерян"),
        E::ReminderDone(id) => format!("напоминание #{id} уже выполнено"),
        E::OrderPaid(id) => format!("заказ #{id} уже оплачен"),
        E::PaidBeforeInvoiced => "дата оплаты раньше даты счёта".into(),
        E::SchemaTooNew { found, supported } => format!(
            "база создана более новой версией konveyer (схема {found}, эта версия знает до {supported}) — обновите konveyer"
        ),
        E::NotKonveyer(p) => format!("{} — не база konveyer (или она повреждена)", p.display()),
        E::ReadOnly(p) => format!(
            "{} доступна только для чтения — проверьте права",
            p.display()
        ),
        E::Busy => "база занята (пишет другой konveyer) — повторите".into(),
        E::FileExists(p) => format!(
            "{} уже существует — выберите другой файл или удалите этот",
            p.display()
        ),
        E::NotEmpty(p) => format!(
            "в {} уже есть клиенты — для демо укажите новый файл через --db",
            p.display()
        ),
        E::NoDataDir => "не найден каталог данных — укажите --db ПУТЬ или KONVEYER_DB".into(),
        E::BadConfig(p, why) => format!(
            "ошибка в файле настроек {}: {why} — исправьте или уберите его",
            p.display()
        ),
        E::Io(s) => format!("ошибка файла: {s}"),
        E::Db(s) => format!("ошибка базы: {s}"),
    }
}
