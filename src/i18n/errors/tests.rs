//! Every error has its words in every language.
use super::*;
use crate::domain::DomainError;
use crate::error::PemFault;
use crate::import::ReadError;
use std::path::PathBuf;

/// One error of every kind. The match below stops compiling when a
/// kind is added, so that it gets a sample here and a group above.
fn one_of_each() -> Vec<Error> {
    use Error as E;
    let (s, p) = (|| "x".to_string(), || PathBuf::from("/x"));
    let all = vec![
        E::Domain(DomainError::ZeroAmount),
        E::OutcomeNotForCall,
        E::CallBackNeedsWhen,
        E::CallBackNeedsAt,
        E::EmptyReason,
        E::EmptyText,
        E::BadNow(s()),
        E::BadClientRef(s()),
        E::DumpVersion(1, 2),
        E::DumpNotEmpty,
        E::DumpShape(s(), Some(s())),
        E::DumpShape(s(), None),
        E::Import(s(), ReadError::Empty),
        E::Import(s(), ReadError::NoLeads),
        E::Import(s(), ReadError::NotALead(2)),
        E::Import(s(), ReadError::NoVcards),
        E::Import(s(), ReadError::Dump),
        E::Import(s(), ReadError::NotAFile),
        E::BadDelimiter(s()),
        E::ExportFailed(p(), s()),
        E::CheckFailed(1),
        E::NothingSelected,
        E::NoReminderSelected,
        E::NothingToChange,
        E::NoAmount(1),
        E::DealAfterPayment(1),
        E::UndoConflict(Some(1)),
        E::UndoConflict(None),
        E::NeedsYes,
        E::MergeSelf(1),
        E::NoDatabase(p()),
        E::NoBackup(p()),
        E::Cancelled,
        E::NotATerminal,
        E::NoClient(1),
        E::NoReminder(1),
        E::NoOrder(1),
        E::ClientLost(1),
        E::ClientNotLost(1),
        E::AlreadyLost(1),
        E::ReminderDone(1),
        E::OrderPaid(1),
        E::OrderCancelled(1),
        E::PaidBeforeInvoiced,
        E::PaidAhead(chrono::NaiveDate::MIN),
        E::SchemaTooNew {
            found: 2,
            supported: 1,
        },
        E::TeamSchemaBehind {
            found: 1,
            needed: 2,
        },
        E::NotKonveyer(p()),
        E::Damaged(p(), 100, 4096),
        E::NotAFile(p()),
        E::TooLarge(p(), 1 << 20),
        E::NoPhone(1),
        E::NoSuchNumber {
            id: 1,
            n: 3,
            count: 2,
        },
        E::BadDuration(s()),
        E::BackInThePast(chrono::NaiveDate::MIN),
        E::NoRobot(3, 2),
        E::DialFailed(s(), crate::error::ProgramFailure::Exit(None, s())),
        E::Duplicate {
            id: 1,
            name: s(),
            by_email: false,
        },
        E::Duplicate {
            id: 1,
            name: s(),
            by_email: true,
        },
        E::ReadOnly(p()),
        E::Busy,
        E::BusyBy(s(), 3),
        E::DiskFull,
        E::FileExists(p()),
        E::NotEmpty(p()),
        E::NoDataDir,
        E::BadConfig(p(), s()),
        E::ConfigLang(p(), s()),
        E::ConfigCurrency(p(), s()),
        E::ConfigRange {
            path: p(),
            key: s(),
            value: s(),
            min: s(),
            max: s(),
        },
        E::OnlyLocal("backup"),
        E::TeamNotEmpty(s()),
        E::NotTeamUrl(s()),
        E::NoServer(s(), s()),
        E::PasswordFileOpen(p()),
        E::NoService(s(), s()),
        E::BadServiceFile(p(), 1),
        E::BadSslMode(s()),
        E::NoRootCert,
        E::SystemRootsWeak(s()),
        E::NoSystemRoots(s()),
        E::TlsRootCert(p(), PemFault::Said(s())),
        E::TlsRootCert(p(), PemFault::Nothing),
        E::TlsRootCert(p(), PemFault::NotAFile),
        E::TlsRootCert(p(), PemFault::TooLarge(2 << 20)),
        E::TlsCrl(p(), PemFault::Said(s())),
        E::TlsCrl(p(), PemFault::Nothing),
        E::CertificateRefused(s(), s()),
        E::TeamReadOnly,
        E::ServerNotTrusted(s(), s()),
        E::ClientCert(p(), PemFault::Said(s())),
        E::ClientCert(p(), PemFault::Nothing),
        E::ClientKey(p(), PemFault::Said(s())),
        E::ClientKey(p(), PemFault::Nothing),
        E::ClientKeyMismatch(p(), p()),
        E::ClientKeyOpen(p()),
        E::ClientKeyEncrypted(p()),
        E::PasswordInClear(s()),
        E::ChangedBy {
            id: 1,
            by: Some(s()),
        },
        E::ChangedBy { id: 1, by: None },
        E::UnknownUser(s()),
        E::UnknownUser(String::new()),
        E::NotHead(s()),
        E::NotYourLogin {
            asked: s(),
            role: s(),
        },
        E::ServerRefused(s()),
        E::PasswordNeeded,
        E::PasswordLocal,
        E::PasswordFile(p(), s()),
        E::PasswordsDiffer,
        E::PasswordEmpty,
        E::SettingsLocal,
        E::TeamSetUp(s()),
        E::ImportPartial {
            done: 1,
            total: 2,
            why: Box::new(E::Busy),
        },
        E::UserExists(s()),
        E::NoUser(s()),
        E::UserAway(s()),
        E::BadLogin(s()),
        E::NoFarmer,
        E::BadIdle(s()),
        E::BadPersonMetric(s()),
        E::Io(s()),
        E::Db(s()),
    ];
    // Every config fault and every [keys] fault.
    use crate::error::{KeyFault, KeysFault, SettingFault};
    let settings = [
        SettingFault::StaleStage,
        SettingFault::RobotOn,
        SettingFault::RobotStage,
        SettingFault::RobotAfter,
        SettingFault::RobotIdle,
        SettingFault::Region,
    ]
    .map(|fault| E::ConfigSetting {
        path: p(),
        fault,
        on: s(),
        value: s(),
    });
    let keys = [KeyFault::NoAction, KeyFault::NoKey, KeyFault::Twice].map(|fault| {
        let (action, key, other) = (s(), s(), s());
        E::ConfigKeys(
            p(),
            KeysFault {
                fault,
                action,
                key,
                other,
            },
        )
    });
    let all: Vec<Error> = all.into_iter().chain(settings).chain(keys).collect();
    for e in &all {
        match e {
            E::Domain(_)
            | E::OutcomeNotForCall
            | E::CallBackNeedsWhen
            | E::CallBackNeedsAt
            | E::EmptyReason
            | E::EmptyText
            | E::BadNow(_)
            | E::BadClientRef(_)
            | E::DumpVersion(..)
            | E::DumpNotEmpty
            | E::DumpShape(..)
            | E::Import(..)
            | E::BadDelimiter(_)
            | E::ExportFailed(..)
            | E::CheckFailed(_)
            | E::NothingSelected
            | E::NoReminderSelected
            | E::NothingToChange
            | E::NoAmount(_)
            | E::DealAfterPayment(_)
            | E::UndoConflict(_)
            | E::NeedsYes
            | E::MergeSelf(_)
            | E::NoDatabase(_)
            | E::NoBackup(_)
            | E::Cancelled
            | E::NotATerminal
            | E::NoClient(_)
            | E::NoReminder(_)
            | E::NoOrder(_)
            | E::ClientLost(_)
            | E::ClientNotLost(_)
            | E::AlreadyLost(_)
            | E::ReminderDone(_)
            | E::OrderPaid(_)
            | E::OrderCancelled(_)
            | E::PaidBeforeInvoiced
            | E::PaidAhead(_)
            | E::SchemaTooNew { .. }
            | E::TeamSchemaBehind { .. }
            | E::NotKonveyer(_)
            | E::Damaged(..)
            | E::NotAFile(_)
            | E::TooLarge(..)
            | E::NoPhone(_)
            | E::NoSuchNumber { .. }
            | E::BadDuration(_)
            | E::BackInThePast(_)
            | E::NoRobot(..)
            | E::DialFailed(..)
            | E::Duplicate { .. }
            | E::ReadOnly(_)
            | E::Busy
            | E::BusyBy(..)
            | E::DiskFull
            | E::FileExists(_)
            | E::NotEmpty(_)
            | E::NoDataDir
            | E::BadConfig(..)
            | E::ConfigLang(..)
            | E::ConfigCurrency(..)
            | E::ConfigRange { .. }
            | E::ConfigSetting { .. }
            | E::ConfigKeys(..)
            | E::OnlyLocal(_)
            | E::TeamNotEmpty(_)
            | E::NotTeamUrl(_)
            | E::NoServer(..)
            | E::PasswordFileOpen(_)
            | E::NoService(..)
            | E::BadServiceFile(..)
            | E::BadSslMode(_)
            | E::NoRootCert
            | E::SystemRootsWeak(_)
            | E::NoSystemRoots(_)
            | E::TlsRootCert(..)
            | E::TlsCrl(..)
            | E::CertificateRefused(..)
            | E::TeamReadOnly
            | E::ServerNotTrusted(..)
            | E::ClientCert(..)
            | E::ClientKey(..)
            | E::ClientKeyMismatch(..)
            | E::ClientKeyOpen(_)
            | E::ClientKeyEncrypted(_)
            | E::PasswordInClear(_)
            | E::ChangedBy { .. }
            | E::UnknownUser(_)
            | E::NotHead(_)
            | E::NotYourLogin { .. }
            | E::ServerRefused(_)
            | E::PasswordNeeded
            | E::PasswordLocal
            | E::PasswordFile(..)
            | E::PasswordsDiffer
            | E::PasswordEmpty
            | E::SettingsLocal
            | E::TeamSetUp(_)
            | E::ImportPartial { .. }
            | E::UserExists(_)
            | E::NoUser(_)
            | E::UserAway(_)
            | E::BadLogin(_)
            | E::NoFarmer
            | E::BadIdle(_)
            | E::BadPersonMetric(_)
            | E::Io(_)
            | E::Db(_) => {}
        }
    }
    all
}

#[test]
fn every_kind_of_error_has_its_own_message_in_both_languages() {
    for e in one_of_each() {
        for lang in [Lang::En, Lang::Ru] {
            let (id, _) = parts(lang, &e).unwrap_or_else(|| panic!("{e:?} is in no group"));
            let said = error(lang, &e);
            assert!(!said.is_empty() && !said.contains(id), "{e:?}: {said}");
        }
    }
    // Each group speaks for its own kinds only.
    assert!(typed(&Error::Busy).is_none());
    assert_eq!(storage(&Error::Busy).map(|m| m.0), Some("err-busy"));
}

/// An import that stopped before its first chunk wrote anything says so,
/// not that "those rows are in" (a member's import refused at its first
/// row said it after 0 of 3).
#[test]
fn an_import_stopped_before_it_wrote_anything_says_it_wrote_nothing() {
    let stopped = |done| Error::ImportPartial {
        done,
        total: 3,
        why: Box::new(Error::Busy),
    };
    for (lang, nothing, some) in [
        (Lang::En, "the import wrote nothing: ", "those rows are in"),
        (
            Lang::Ru,
            "импорт ничего не записал: ",
            "эти строки уже в базе",
        ),
    ] {
        let said = error(lang, &stopped(0));
        assert!(said.starts_with(nothing) && !said.contains(some), "{said}");
        assert!(said.ends_with(&error(lang, &Error::Busy)), "{said}");
        let said = error(lang, &stopped(2));
        assert!(said.contains("2") && said.contains(some), "{said}");
    }
}

/// Why a file of certificates or a key cannot be used is said in the
/// reader's language, what it lacks named by the kind of file.
#[test]
fn a_pem_files_fault_is_said_in_the_readers_words() {
    let key = || PathBuf::from("/k/postgresql.key");
    let crl = || PathBuf::from("/k/root.crl");
    let cases = [
        (
            Error::ClientKey(key(), PemFault::Nothing),
            "no private key in it",
            "в нём нет закрытого ключа",
        ),
        (
            Error::TlsCrl(crl(), PemFault::Nothing),
            "no revocation list in it",
            "в нём нет списка отозванных",
        ),
        (
            Error::ClientKey(key(), PemFault::NotAFile),
            "it is not a regular file",
            "это не обычный файл",
        ),
        (
            Error::TlsCrl(crl(), PemFault::TooLarge(2_000_001)),
            "it holds 2000001 bytes",
            "в нём 2000001 байт —",
        ),
    ];
    for (e, en, ru) in cases {
        assert!(error(Lang::En, &e).contains(en), "{}", error(Lang::En, &e));
        let said = error(Lang::Ru, &e);
        assert!(said.contains(ru) && !said.contains(en), "{said}");
    }
}
