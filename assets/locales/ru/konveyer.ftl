# konveyer — the interface's texts (ru). Fluent syntax: https://projectfluent.org
# A third language: copy this folder, translate every message, keep the ids and $arguments.

## Fixed words of the command line

text-overdue = Просрочено
text-today = Сегодня
text-upcoming = Ближайшие 7 дней
text-stale = Залежавшиеся карточки
text-no-clients = клиентов пока нет — добавьте: `konveyer add ИМЯ`
text-col-id = ID
text-col-stage = ЭТАП
text-col-days = ДНЕЙ
text-col-name = ИМЯ
text-col-phone = ТЕЛЕФОН
text-phone = телефон
text-email = почта
text-source = источник
text-tags = метки
text-notes = заметки
text-stage = этап
text-status-lost = потерян
text-reminders = Напоминания
text-orders = Заказы
text-timeline = История
text-invoiced = счёт
text-paid = оплачен
text-unpaid = не оплачен
text-cancelled = отменён
text-days-short = д
text-check-ok = ok: база цела
text-done-mark = выполнено
text-closed-lost = закрыто: клиент потерян
text-closed-paid = закрыто: оплачено
text-closed-cancelled = закрыто: счёт отменён
text-done-reminders = Закрыто недавно
text-done-more = … и ещё { $n } { $n ->
    [one] закрытое
   *[other] закрытых
} раньше — все есть в `konveyer show ID --json`
text-stale-mark = залежался
text-no-match = подходящих клиентов нет
# `konveyer find` никого не нашёл.
find-none = ни в одном имени, компании, телефоне или e-mail нет «{ $query }»
text-unpaid-invoices = Неоплаченные счета
text-reactivate = На реактивацию
text-over-capacity = перегруз: клиенты теряются, передайте часть

## Fixed words of the board

board-reminders = Напоминания
board-overdue = Просрочено
board-today = Сегодня
board-upcoming = 7 дней
board-no-reminders = ничего не горит — { $key } на карточке добавит напоминание
board-empty-column = пусто
board-empty-board = клиентов пока нет — нажмите { $key }, чтобы добавить первого
board-empty-import = или { $key } — загрузить файл: CSV, Excel, vCard
board-too-small = Окно терминала слишком мало для доски: нужно хотя бы 60×15.
board-help-title = Клавиши
board-help-forms = В формах: Tab/↑↓ поле · Enter сохранить · Esc отмена · Ctrl-U очистить
board-search-title = Поиск
board-search-hint = имя, компания, телефон или почта · ↑↓ выбор · Enter перейти · Esc закрыть
board-search-add = ничего не найдено — Enter: новый клиент с этими данными
board-searching = ищу…
board-import-title = Импорт файла (CSV, Excel .xlsx/.ods, vCard или заявки JSON)
board-path = Файл
board-import-preview = Enter — импортировать · Esc — отмена; до этого ничего не записано
board-weekdays = пн вт ср чт пт сб вс
# Beside how a WHEN typed into a form reads, when it is before now.
form-when-past = уже прошло
import-table-hint = m  какая колонка каким полем стала
import-sample-title = { $unit ->
    [lead] Как прочитаны первые заявки:
   *[line] Как прочитаны первые строки:
}
import-at-line = строка { $row }
import-at-lead = заявка { $row }
import-sample = { $at }: { $lead }
import-dates-hint-dmy = d  читать даты через черту днём вперёд (05/11 — 5 ноября)
import-dates-hint-mdy = d  читать даты через черту месяцем вперёд (05/11 — 11 мая)
import-encoding-hint = e  читать как { $next } (сейчас { $now })
import-sheet-hint = t  следующий лист — это «{ $sheet }», в файле есть ещё { $others }
import-columns-title = Колонки: чем станет каждая (вручную: *)
import-columns-hint = j/k  колонка · h/l  поле · Enter  прочитать заново · Esc  назад
import-column-note = — (в заметку)
import-columns-no-name = ни одна колонка не названа именем: выберите колонку имени (h/l), затем Enter
board-snooze-title = Отложить до
board-snooze-options = 1  +1 день    3  +3 дня    w  +1 неделя    t  дата…    Esc  отмена
board-form-hint = Tab следующее поле · Enter сохранить · Esc отмена
board-add-title = Новый клиент
board-edit-title = Изменить клиента
board-call-title = Звонок
board-note-title = Заметка, встреча или письмо
board-remind-title = Новое напоминание
next-step-title = Следующий шаг
next-step-hint = Tab следующее поле · Enter задать шаг · Esc пропустить
next-step-telemarketer = позвонить
next-step-qualifier = квалифицировать: бюджет и ЛПР
next-step-hunter = отправить КП
next-step-closer = согласовать оплату
no-next-step = нет следующего шага
board-lose-title = Потерян — почему?
board-snooze-date-title = Отложить до даты
board-name = Имя
board-company = Компания
board-phone = Телефон
board-email = Почта
board-source = Источник
board-tags = Метки
board-stage = Этап
board-notes = Заметки
board-text = Текст
board-when = Когда
board-reason = Причина
board-stale = залежался
board-lost = потерян
board-over-capacity = перегруз
board-week = Н
board-new-leads = новые лиды
board-qualified = квалиф.
board-first-sales = первые продажи
board-repeat = повторные
board-saved = сохранено
board-logged = записано
board-reminder-added = напоминание добавлено
board-reminder-done = напоминание выполнено
board-snoozed = напоминание перенесено
board-revived = клиент снова в работе
board-lost-done = клиент отмечен потерянным
board-added = клиент добавлен
board-showing-lost = потерянные показаны
board-hiding-lost = потерянные скрыты
board-undone = отменено
board-nothing-to-undo = отменять нечего
board-outcome-title = Чем закончился звонок?
board-outcome-options = 1  не ответил    2  перезвонить…    3  интересно    4  не целевой…    t  просто заметка…    Esc  отмена
board-outcome-next-number = { $key }  следующий номер ({ $next } из { $count })
board-call-back-title = Перезвонить
board-not-target-title = Не целевой — почему?
board-invoice-title = Счёт
board-paid-title = Оплата
board-cancel-title = Отменить счёт
board-amount = Сумма
board-date = Дата
board-no-unpaid = неоплаченных счетов нет — { $key } выставит счёт
board-invoiced = счёт выставлен
board-focus = Фокус
board-queue = сначала срочные, потом старые
board-calls-today = сегодня { $calls ->
        [one] { $calls } звонок
        [few] { $calls } звонка
       *[many] { $calls } звонков
    }{ $minutes ->
        [0] {""}
       *[other] , { $minutes } мин разговора
    }
board-queue-done = очередь пройдена — { $key }: выйти
board-agenda-title = Повестка
board-default-when = завтра 10:00
board-default-day = завтра
board-today-word = сегодня
board-edit-reminder-title = Изменить напоминание
board-kind = Тип: заметка, встреча или письмо
board-paste-nowhere = вставка идёт в форму или поиск ({ $add } — добавить, { $search } — поиск)
board-kind-note = заметка

## The demo conveyor

demo-needs-offer = нужно предложение
demo-qualify = квалифицировать: бюджет и ЛПР
demo-presented = презентовали предложение
demo-send-offer = отправить КП
demo-price-list = предложить новый прайс

## Stations: roles as column titles

stage-role-telemarketer = Телемаркетолог
stage-role-qualifier = Квалификатор
stage-role-hunter = Хантер
stage-role-closer = Клоузер
stage-role-farmer = Фермер
stage-letter-telemarketer = Т
stage-letter-qualifier = К
stage-letter-hunter = Х
stage-letter-closer = Кл
stage-letter-farmer = Ф

## Stations: their result (ЦКП)

stage-result-telemarketer = заинтересованный контакт
stage-result-qualifier = квалифицированный лид
stage-result-hunter = первая оплата
stage-result-closer = оплата
stage-result-farmer = повторные продажи

## Footer hints

hint-move-next = дальше
hint-move-prev = этап назад
hint-open = открыть
hint-add = добавить
hint-log-call = звонок
hint-dial = набрать
hint-remind = напомнить
hint-done = готово
hint-snooze = отложить
hint-edit-reminder = изменить
hint-search = поиск
hint-undo = отменить
hint-toggle-focus = панель
hint-help = справка
hint-back = назад
hint-period-back = раньше
hint-period-forward = позже
hint-period-week = неделя
hint-period-month = месяц
hint-set-plan = план
hint-quit = выход

## The help overlay

help-left = предыдущая колонка
help-right = следующая колонка
help-down = следующая карточка / строка
help-up = предыдущая карточка / строка
help-top = первая карточка
help-bottom = последняя карточка
help-page-down = страница вниз
help-page-up = страница вверх
help-move-next = передать на следующий этап
help-move-prev = вернуть на предыдущий этап
help-open = открыть клиента
help-add = добавить клиента
help-edit = изменить клиента
help-log-call = записать звонок
help-dial = набрать номер (`dial` в настройках; иначе скопировать его)
help-log-note = записать заметку или встречу
help-remind = добавить напоминание
help-lose = потерян — с причиной
help-revive = вернуть потерянного
help-toggle-lost = показать / скрыть потерянных
help-done = напоминание выполнено
help-snooze = отложить напоминание
help-search = поиск по всем клиентам
help-undo = отменить последнее изменение
help-invoice = выставить счёт
help-paid = старый счёт оплачен
help-cancel-invoice = отменить неоплаченный счёт
help-focus = фокус на этапе (очередь)
help-agenda = повестка
help-import = импорт файла
help-reports = отчёты и план
help-period-back = предыдущий период
help-period-forward = следующий период
help-period-current = текущая неделя или месяц
help-period-week = по неделям
help-period-month = по месяцам
help-set-plan = задать план недели
help-edit-reminder = (панель) изменить напоминание
help-delete-reminder = (панель) удалить напоминание
help-toggle-focus = доска ⇄ напоминания
help-help = эта справка
help-back = назад / выйти из фокуса
help-quit = закрыть / выйти

## Timeline kinds

activity-created = создан
activity-call = звонок
activity-meeting = встреча
activity-email = письмо
activity-note = заметка
activity-move = этап
activity-lost = потерян
activity-revived = возвращён
activity-invoice = счёт
activity-payment = оплата
activity-merged = объединён
activity-cancelled = отменён

## Итоги звонков в истории

outcome-no-answer = не ответил
outcome-call-back = перезвонить
outcome-interested = интересно
outcome-not-target = не целевой
not-target-reason = не целевой

## Счёт

days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
days-short = { $n }д

## Напоминания, написанные по тому, что они есть

reminder-call-back = перезвонить
reminder-retry = перезвонить (не ответил, попытка { $attempt })
reminder-reactivation = реактивация: нет оплат { days }
reminder-chase = напомнить об оплате: счёт #{ $order }{ $amount }
timeline-first-payment = первая оплата, #{ $order }{ $amount }

## Что говорят командная строка и доска после изменения

moved = { $who }: { $from } → { $to }
logged = записано ({ $kind }) для { $who }
lost = { $who } потерян: { $reason }
revived = { $who } снова в работе ({ $stage })
reminder-done = напоминание #{ $id } выполнено
snoozed = напоминание #{ $id } перенесено на { $due }
order-paid = заказ #{ $id } оплачен: { $amount }
order-cancelled = счёт #{ $id } ({ $amount }) для { $who } отменён — оплаты не ждём
order-paid-promoted = заказ #{ $id } оплачен: { $amount }; первая оплата — { $who } передан фермеру
call-no-answer = { $who }: не ответил (попытка { $attempt }), перезвонить { $day }
call-no-answer-last = { $who }: не ответил { $attempt } раз — столько, сколько предусматривает каденция; потерять как недозвон (`konveyer lose { $id } --reason недозвон`) или оставить повтор { $day }
call-unreachable = недозвон: не ответил { $attempt } раз
call-attempt = звонок { $attempt }
call-call-back = { $who }: перезвонить { $when } — напоминание создано
call-back-lost = { $who } остаётся потерянным и вернётся { $day }: тогда он появится в повестке
call-interested = { $who }: интересно → { $stage }
call-interested-last = { $who }: интересно — следующий шаг — заказ (счёт)
call-interested-unpaid = { $who }: интересно — счёт #{ $order } ({ $amount }) ждёт оплаты
call-not-target = { $who }: не целевой — потерян
undone = отменено
undone-what = отменено: { $what }
reminder-done-text = выполнено: { $text }
reminder-deleted = напоминание удалено: { $text } (u вернёт)
no-station = этапа { $n } нет — на конвейере их { $stations } (1–{ $stations })
new-database = новая база: { $path } — нажмите { $key }, чтобы добавить первого клиента
generated = { $total ->
    [one] создан { $shown } клиент
    [few] создано { $shown } клиента
   *[many] создано { $shown } клиентов
} в { $path }: { $stages }, потеряно { $lost }; напоминаний { $reminders }, заказов { $orders }
generated-stage = { $stage } { $count }
stale-station = { $stage }: { $n } — дольше нормы ({ $limit }), самая давняя — { $oldest }
stale-every = `konveyer agenda --all` покажет каждую
more-entries = … и ещё { $n ->
    [one] { $n } запись
    [few] { $n } записи
   *[many] { $n } записей
} — `konveyer agenda --all` покажет все
more-below = ещё { $n }
key-does-nothing = { $key } здесь ничего не делает — { $help } покажет клавиши
edited = { $who }: сохранено
reminder-edited = напоминание #{ $id }: { $due } { $text }
reminder-deleted-cli = напоминание #{ $id } удалено: { $text }
confirm-delete = удалить { $who } со всей историей (события, напоминания, заказы)? [д/Н]
deleted = { $who } удалён вместе с историей
merged = #{ $from } объединён с { $who }: один клиент, обе истории
restored = восстановлено из { $file }
restored-kept = восстановлено из { $file }; прежняя база сохранена как { $kept }
migrated = скопировано в { $url }: клиентов { $clients }, счетов { $orders }, записей истории { $activities }, напоминаний { $reminders }, целей плана { $plans }
migrated-next = дальше: руководитель продаж добавляет людей (konveyer user add ИМЯ --login ЛОГИН --stations …; если команда ещё не создана — сначала init-team), и каждый подключается своей ролью: KONVEYER_DB='postgresql://ЛОГИН@ХОСТ/БАЗА?sslmode=verify-full', пароль — в ~/.pgpass
backed-up = резервная копия: { $path }
demo-written = демо-конвейер ({ $clients ->
    [one] { $clients } клиент
    [few] { $clients } клиента
   *[many] { $clients } клиентов
}) записан в { $path }
week-line = { board-new-leads } { $leads } · { board-qualified } { $qualified } · { board-first-sales } { $first } ({ $first_amount }) · { board-repeat } { $repeat }

## Ошибки: что не так и что делать

stages-hint = телемаркетолог (т), квалификатор (к), хантер (х), клоузер (кл), фермер (ф) — или telemarketer, qualifier, hunter, closer, farmer
err-bad-stage = неизвестный этап «{ $input }» — используйте { stages-hint }
err-stage-disabled = этап «{ $stage }» выключен
err-no-next-stage = «{ $stage }» — последний этап, дальше некуда
err-no-prev-stage = «{ $stage }» — первый этап, назад некуда
err-already-in-stage = клиент уже на этапе «{ $stage }»
err-bad-when = не понимаю дату «{ $input }» — пример: 2026-11-25, «2026-11-25 14:30», «завтра в 15», пятница, +3д, +2ч, «через 2 часа», «10 декабря» или «на следующей неделе»
err-when-out-of-range = дата «{ $input }» вне допустимого — укажите день с 1970 года и не дальше ста лет вперёд
err-bad-amount = не понимаю сумму «{ $input }» — пример: 125000, «125 000», 125000,50 или «150 тыс.»
err-zero-amount = сумма должна быть больше нуля
err-amount-too-large = сумма «{ $input }» неправдоподобно велика — konveyer принимает до 1 000 000 000 000; проверьте цифры
err-bad-currency = неизвестная валюта «{ $input }» — нужен трёхбуквенный код: RUB, USD, EUR
err-currency-conflict = сумма «{ $input }» — в { $named }, а не в { $wanted }: напишите её в { $wanted } или без валюты
err-empty-name = имя пустое — укажите имя клиента
err-bad-email = «{ $input }» не похоже на адрес почты
err-bad-phone = «{ $input }» не похоже на телефон — цифры, + в начале, пробелы, дефисы или скобки (например, +7 999 123-45-67)
err-bad-activity-kind = неизвестный тип «{ $input }» — звонок, встреча, письмо или заметка (call, meeting, email, note)
err-bad-outcome = неизвестный итог звонка «{ $input }» — no-answer, call-back, interested или not-target
err-bad-period = не понимаю период «{ $input }» — неделя 2026-W48, месяц 2026-11 или --from ДЕНЬ --to ДЕНЬ (to не раньше from)
err-bad-count = не понимаю цель «{ $input }» — { $metric }: нужно целое число, например 200 (0 снимает цель)
err-bad-metric = неизвестный показатель плана «{ $input }» — new_leads, qualified, first_sales, first_revenue, repeat_revenue, calls или meetings (ПОКАЗАТЕЛЬ=ЗНАЧЕНИЕ)
err-outcome-not-for-call = итог (--outcome) бывает только у звонка
err-call-back-needs-when = когда перезвонить? укажите день или время (например, «пт 11:00»)
err-call-back-needs-at = когда перезвонить? добавьте --at КОГДА (например, --at 'пт 11:00')
err-empty-reason = укажите причину потери
err-empty-text = текст пустой — о чём напомнить?
err-bad-now = KONVEYER_NOW='{ $input }' — не момент времени; пример: 2026-11-25T10:00
err-bad-client-ref = «{ $input }» — не номер клиента; возьмите номер из `konveyer list` или «-», если клиента нет
err-check-failed = в базе { $n ->
    [one] { $n } проблема
    [few] { $n } проблемы
   *[many] { $n } проблем
}; восстановите резервную копию (`konveyer backup`)
err-nothing-selected = сначала выберите клиента
err-no-reminder-selected = напоминание не выбрано — выберите его в панели (Tab) или в повестке (A)
err-nothing-to-change = менять нечего — укажите хотя бы одно новое значение (см. --help)
err-no-amount = у клиента #{ $id } нет ожидаемой сделки в этой валюте, по которой выставить счёт — укажите СУММУ или задайте сделку: konveyer edit { $id } --value СУММА
err-deal-after-payment = клиент #{ $id } уже платил, а ожидаемая сделка бывает только до первой оплаты — новую покупку записывайте заказом: konveyer invoice { $id } СУММА
err-undo-conflict = клиента #{ $id } тем временем изменило другое окно — не отменено
err-undo-conflict-any = тем временем изменено другим окном — не отменено
err-needs-yes = удаление спрашивает подтверждение — запустите в терминале или добавьте --yes в скрипте
err-merge-self = нельзя объединить клиента #{ $id } с самим собой — укажите два разных номера
err-no-backup = резервной копии { $path } нет — укажите файл, записанный `konveyer backup ФАЙЛ`
err-no-database = базы { $path } нет — создайте её: `konveyer add ИМЯ` (или попробуйте `konveyer demo`), либо проверьте --db
err-cancelled = отменено — ничего не изменено
err-not-a-terminal = доске нужен терминал — запустите konveyer в нём или см. `konveyer --help`
err-no-client = нет клиента #{ $id } — см. `konveyer list`
err-no-reminder = нет напоминания #{ $id } — см. `konveyer agenda`
err-no-order = нет заказа #{ $id } — см. `konveyer show КЛИЕНТ`
err-client-lost = клиент #{ $id } потерян — сначала верните его: `konveyer revive { $id }`
err-client-not-lost = клиент #{ $id } не потерян — возвращать нечего
err-already-lost = клиент #{ $id } уже потерян
err-reminder-done = напоминание #{ $id } уже выполнено
err-order-paid = заказ #{ $id } уже оплачен
err-order-cancelled = счёт #{ $id } отменён: оплаты по нему не ждём — выставьте новый (konveyer invoice ID СУММА)
err-paid-before-invoiced = дата оплаты раньше даты счёта
err-paid-ahead = { $day } ещё не наступило — оплату записывают в день, когда она пришла: сегодня или раньше (ожидаемую оплату ждёт счёт)
err-team-schema-behind = командная база старше этой версии konveyer (схема { $found }, нужна { $needed }) — её администратор обновит её, запустив эту версию konveyer один раз со своим подключением (konveyer --db URL check)
err-schema-too-new = база создана более новой версией konveyer (схема { $found }, эта версия знает до { $supported }) — обновите konveyer
err-not-konveyer = { $path } — не база konveyer (или она повреждена)
err-damaged = { $path } повреждена: в ней { $size } из { $promised } байт, обещанных заголовком (обрезана) — в ней ничего не изменено; верните резервную копию: `konveyer restore ФАЙЛ`
duplicate-phone-title = Этот телефон уже есть у #{ $id } { $name }
duplicate-email-title = Этот e-mail уже есть у #{ $id } { $name }
duplicate-options = o  открыть этого клиента    m  объединить (заполнить его пустые поля)    a  всё равно добавить нового    Esc  назад к форме
duplicate-merged = { $who }: пустые поля заполнены из формы
err-duplicate-phone = этот телефон уже есть у #{ $id } { $name } — посмотреть: `konveyer show { $id }`; добавить всё равно: --allow-duplicate
err-duplicate-email = этот e-mail уже есть у #{ $id } { $name } — посмотреть: `konveyer show { $id }`; добавить всё равно: --allow-duplicate
err-no-phone = у клиента #{ $id } нет телефона для звонка — добавьте: konveyer edit { $id } --phone НОМЕР
err-dial-failed = программа набора '{ $program }' не сработала: { $why } — проверьте `dial` в файле настроек
dial-started = набираю { $phone } ({ $program })
dial-copied = { $phone } скопирован в буфер обмена через терминал — задайте `dial` в настройках, чтобы набирать отсюда
dial-printed = { $phone } — задайте `dial` в файле настроек, чтобы набирать отсюда
err-no-such-number = у клиента #{ $id } нет номера { $n } — { $count ->
    [one] у него один номер
    [few] у него { $count } номера: --number от 1 до { $count }
   *[many] у него { $count } номеров: --number от 1 до { $count }
}
err-no-robot = робота { $n } нет — в файле настроек их { $count } (см. `konveyer robots`)
robots-none = роботов нет — добавьте [[robots]] в файл настроек (on = "enter:hunter", "created", "lost" или "paid")
robots-remind = напомнить «{ $text }» { $when }
robots-run = запустить `{ $command }`
robots-dry = робот { $n } (on { $on }) сработал бы для { $who }:
robots-dry-not = робот { $n } не сработал бы для { $who }: он только для { $filters }
robots-dry-remind = напоминание «{ $text }» на { $due }
robots-dry-run = `{ $command }` с клиентом в JSON на входе
robots-dry-nothing = (пробный прогон: ничего не записано и не запущено)
cli-robots = Роботы из настроек; --dry-run N ID — что сделал бы робот N для клиента ID
cli-robots--dry-run = Что сделал бы робот N для клиента ID, ничего не записывая и не запуская
err-back-in-the-past = { $day } уже наступило — укажите день возвращения впереди (+3мес, 2027-03-01 …)
agenda-back = Вернуться сегодня
agenda-back-line = { $name } — потерян по причине «{ $reason }» { $lost }: `konveyer revive { $id }`
board-back-line = { $name } — потерян по причине «{ $reason }» { $lost }
header-back = вернуться сегодня
err-bad-duration = не понимаю длительность '{ $input }' — пишите 3:25, 200с, 5мин или 1ч
cli-log--duration = Сколько длился звонок: 3:25, 200с, 5мин (вместе с --outcome)
err-not-a-file = { $path } — не обычный файл (канал, каталог или устройство) — укажите в --db файл базы
err-read-only = { $path } доступна только для чтения — проверьте права
err-busy = база занята (пишет другой konveyer) — повторите
err-busy-by = запись в базу команды держит { $login } (уже { $seconds } с) — повторите через мгновение; зависшую так сессию сервер завершит за секунды
err-file-exists = { $path } уже существует — выберите другой файл или удалите этот
err-not-empty = в { $path } уже есть клиенты — для демо укажите новый файл через --db
err-no-data-dir = не найден каталог данных — укажите --db ПУТЬ или KONVEYER_DB
err-too-large = { $path } длиннее { $most } байт, а файлы настроек такими не бывают — проверьте, тот ли это файл (не устройство и не бесконечный канал)
err-bad-config = ошибка в файле настроек { $path }: { $why } — исправьте или уберите его
err-config-range = файл настроек { $path }: { $key } = { $value } вне допустимого — укажите от { $min } до { $max }
err-config-stale-stage = файл настроек { $path }: в [stages.stale_days] нет станции «{ $value }» — telemarketer, qualifier, hunter или closer
err-config-robot-on = файл настроек { $path }: робот on = «{ $on }» — on бывает 'enter:СТАНЦИЯ', 'created', 'lost' или 'paid'
err-config-robot-stage = файл настроек { $path }: у робота on = «{ $on }» stage «{ $value }» — такой станции нет
err-config-robot-after = файл настроек { $path }: у робота on = «{ $on }» after «{ $value }» — это не КОГДА: +2d, +1h, tomorrow 10:00 …
err-config-robot-idle = файл настроек { $path }: у робота on = «{ $on }» нет ни remind, ни run — дайте ему одно из них
err-config-region = файл настроек { $path }: region «{ $value }» — не двухбуквенный код страны: RU, KZ, US …
err-config-keys-action = файл настроек { $path }: в [keys] нет действия «{ $action }» — действия доски: { $other }
err-config-keys-key = файл настроек { $path }: [keys] { $action } = «{ $key }» — не клавиша: буква, цифра или знак, либо Left, Right, Up, Down, Enter, Tab, Esc, Home, End, PgUp, PgDn, Del
err-config-keys-twice = файл настроек { $path }: [keys] отдаёт { $key } сразу { $action } и { $other } — дайте одному из них другую клавишу
err-config-lang = файл настроек { $path }: lang = "{ $value }" — такого языка нет; укажите en или ru
err-config-currency = файл настроек { $path }: currency = "{ $value }" — такой валюты konveyer не знает; укажите код (RUB, USD, EUR …) или знак (₽, $, €)
err-disk-full = диск заполнен — освободите место и повторите (ничего не записано)
err-bad-delimiter = «{ $input }» — не разделитель; нужен один символ: ',' ';' или 'tab'
err-export-failed = не удалось записать { $path }: { $why } — туда ничего не записано
err-import-json = { $file }: это не заявка и не список заявок ({ $why }) — пришлите {"{"}"name": …{"}"} или их список
err-import-no-leads = { $file }: это не заявка и не список заявок — пришлите {"{"}"name": …{"}"} или их список
err-import-not-a-lead = { $file }: заявка { $n } не объект: каждая заявка выглядит как {"{"}"name": …{"}"}; ничего не добавлено
err-import-lead-no-name = { $file }: у заявки { $n } нет "name" — имя нужно каждой; ничего не добавлено
err-dump-version = выгрузка схемы { $found }, а этот konveyer читает схему { $ours } — выгрузите её этой же версией
err-dump-not-empty = выгрузка загружается только в пустую базу — укажите новый путь --db
err-dump-shape = эта выгрузка не такая, какую пишет konveyer: { $column ->
    [none] в ней { $table } — не таблица выгрузки, или строка в ней — не объект
   *[other] в строке { $table } есть «{ $column }», а такого столбца нет
} — выгрузите базу заново (konveyer export --format json)
dump-loaded = загружено: клиентов { $clients }, заказов { $orders }, записей истории { $activities }, напоминаний { $reminders }, целей плана { $plans }
dump-would-load = загрузилось бы: клиентов { $clients }, заказов { $orders }, записей истории { $activities }, напоминаний { $reminders }, целей плана { $plans }
err-import-io = не удалось прочитать { $file }: { $why } — проверьте путь
err-import-empty = { $file } пуст — импортировать нечего
err-import-not-a-file = { $file } — не обычный файл (устройство, каталог или канал); укажите путь к файлу для импорта
err-import-binary = { $file } — не текстовый файл (CSV, vCard или JSON); проверьте имя файла
err-import-encoding = кодировки «{ $encoding }» konveyer не знает — попробуйте utf-8, windows-1251 или utf-16
err-import-no-name = в { $file } нет столбца с именем (есть: { $headers }) — назовите столбец «Имя», «ФИО», «Имя» + «Фамилия» или «Компания» или укажите, какой это: --map 'ЗАГОЛОВОК=name'
err-import-bad-map = --map '{ $entry }' — не ЗАГОЛОВОК=ПОЛЕ; ПОЛЕ — одно из { $fields }
err-import-map-no-column = в { $file } нет столбца «{ $header }» для --map (есть: { $headers }) — скопируйте заголовок, как он записан в файле
err-import-sheet = не удаётся прочитать таблицу { $file }: { $why } — пересохраните её как .xlsx или .ods или как CSV
err-import-date-order = { $file }: в датах вроде { $date } первым может быть и день, и месяц, и ни одна строка файла не говорит, что именно, — укажите: с --date-order mdy это { $mdy }, с --date-order dmy — { $dmy }
err-import-not-a-table = { $option } — для столбцов таблицы (CSV, .xlsx, .ods; --sheet — только для электронной таблицы), а { $file } не такая — уберите его
err-import-no-sheet = в { $file } нет листа «{ $sheet }» (есть: { $sheets }) — укажите один из них в --sheet
err-import-no-name-in-sheets = { $file }: ни на одном листе нет столбца с именем (листы: { $sheets }) — укажите лист в --sheet, а столбец с именем — в --map 'ЗАГОЛОВОК=name'
err-import-row = { $file }, строка { $row }: { $why } — исправьте строку и импортируйте снова
err-import-no-vcards = в { $file } нет ни одной vCard (BEGIN:VCARD … END:VCARD) — выгрузите адресную книгу в vCard заново или в CSV
err-import-dump = { $file } — вся база, выгруженная `konveyer export --format json`, а не список заявок — верните её из командной строки: konveyer import { $file }
err-io = ошибка файла: { $why }
err-team-not-empty = в базе команды { $url } уже есть клиенты или планы — migrate-to копирует только в пустую базу
err-not-team-url = '{ $url }' — не адрес PostgreSQL; укажите вида postgresql://пользователь@сервер/база
err-only-local = `konveyer { $what }` работает с локальным файлом базы; на сервере команды пользуйтесь средствами самого PostgreSQL (см. «Командный режим» в README)
err-team-read-only = база команды здесь не принимает записи: этот сервер — резервная копия (standby) или переведён (или это подключение через options) в режим только для чтения — подключайтесь к основному серверу (его host или target_session_attrs=read-write со списком серверов в host=)
err-no-server = не удаётся подключиться к базе команды { $url }: { $why } — проверьте адрес, что сервер запущен, и пароль (PGPASSWORD или ~/.pgpass)
err-server-not-trusted = сервер { $url } показал сертификат, которому это подключение не доверяет: { $why } — укажите центр сертификации, подписавший его (sslrootcert=ФАЙЛ, PGSSLROOTCERT или ~/.postgresql/root.crt; sslrootcert=system для публичного центра), а сервер — по имени из его сертификата
err-certificate-refused = база команды { $url } не впустила вас по сертификату: { $why } — укажите сертификат, выданный её администратором на ваш логин, и его ключ (sslcert=ФАЙЛ и sslkey=ФАЙЛ в адресе, PGSSLCERT и PGSSLKEY или ~/.postgresql/postgresql.crt и postgresql.key)
err-no-service = службы подключения «{ $name }» нет ни в одном из файлов { $files } — добавьте её в первый (строка [{ $name }], затем host=, dbname=, user=) или укажите адрес целиком
err-bad-service-file = в файле служб подключения { $path } ошибка в строке { $line }: это не [служба], не ключ=значение и не # комментарий — исправьте эту строку
err-password-file-open = файл паролей { $path } могут читать другие — оставьте его только себе: chmod 600 { $path }
err-bad-sslmode = sslmode '{ $mode }' — не одно из disable, prefer, require, verify-ca, verify-full — для сервера не на этой машине: verify-full
err-no-root-cert = сертификат сервера нужно проверить, но нет сертификата центра сертификации, чтобы сверить его — укажите sslrootcert=ФАЙЛ в адресе (или PGSSLROOTCERT) или положите сертификат центра в ~/.postgresql/root.crt (sslrootcert=system — центры сертификации системы, для сервера с сертификатом от публичного центра)
err-system-roots-weak = sslrootcert=system доверяет всем центрам сертификации системы, а они ручаются за любое подписанное ими имя — используйте его с sslmode=verify-full, а не '{ $mode }' (как в libpq)
err-no-system-roots = указан sslrootcert=system, но в системе нет сертификатов центров сертификации ({ $why }) — установите их (Debian: apt-get install ca-certificates) или укажите sslrootcert=ФАЙЛ
pem-not-a-file = это не обычный файл
pem-too-large = в нём { $size } { $size ->
    [one] байт
    [few] байта
   *[many] байт
} — больше, чем бывает в таком файле
pem-no-certificate = в нём нет сертификата
pem-no-crl = в нём нет списка отозванных сертификатов
pem-no-key = в нём нет закрытого ключа
err-tls-root-cert = не удаётся использовать сертификат центра { $path }: { $why } — укажите PEM-файл центра, подписавшего сертификат сервера
err-tls-crl = не удаётся использовать список отозванных сертификатов { $path }: { $why } — укажите PEM-файл списка, выпущенного вашим центром сертификации (sslcrl=ФАЙЛ в адресе, PGSSLCRL или ~/.postgresql/root.crl)
err-client-cert = не удаётся использовать ваш сертификат { $path }: { $why } — укажите PEM-файл сертификата, по которому вас знает сервер команды (sslcert=ФАЙЛ в адресе, PGSSLCERT или ~/.postgresql/postgresql.crt)
err-client-key = не удаётся использовать ключ вашего сертификата { $path }: { $why } — укажите его закрытый ключ PEM-файлом (sslkey=ФАЙЛ в адресе, PGSSLKEY или ~/.postgresql/postgresql.key)
err-client-key-mismatch = ключ { $path } — не ключ вашего сертификата { $cert } — укажите ключ, созданный вместе с ним (sslkey=ФАЙЛ в адресе, PGSSLKEY или ~/.postgresql/postgresql.key рядом с postgresql.crt)
err-client-key-open = ключ вашего сертификата { $path } могут читать другие — оставьте его только себе: chmod 600 { $path }
err-client-key-encrypted = ключ вашего сертификата { $path } зашифрован, а konveyer не спрашивает пароль к нему — держите копию без пароля, доступную только вам: openssl pkey -in { $path } -out ФАЙЛ, затем chmod 600 ФАЙЛ
err-password-in-clear = сервер { $url } просит пароль, но не предлагает TLS, поэтому пароль не отправлен — включите ssl на сервере (и используйте sslmode=verify-full) или подключайтесь через его локальный сокет (host=/var/run/postgresql)
err-db = ошибка базы: { $why }

## Справка командной строки (clap)

cli-about = konveyer — конвейер продаж в терминале: телемаркетолог → квалификатор → хантер → фермер.
cli--db = Файл базы или адрес базы команды (postgresql://…, host=… dbname=…, service=ИМЯ) [по умолчанию: каталог данных системы]
cli--lang = Язык интерфейса: en или ru [по умолчанию: из локали]
cli-demo = Заполнить новую базу реалистичным демо-конвейером и открыть её
cli-gen = Создать большой синтетический конвейер (чтобы попробовать доску на объёме)
cli-gen--clients = Сколько клиентов добавить
cli-gen--seed = Одно и то же зерно (и тот же KONVEYER_NOW) дают один и тот же конвейер, строка в строку
cli-add = Добавить клиента; печатает его номер
cli-add--json = NAME — «-» (стандартный ввод) или файл: заявки в JSON из веб-формы или скрипта — добавляются или объединяются по телефону и e-mail; печатает их номера
cli-add--name = Имя человека или название компании
cli-add--company = Компания
cli-add--phone = Телефон: цифры, + в начале, пробелы, дефисы или скобки; несколько через запятую: первый — основной, остальные — другие номера клиента
cli-add--other-phones = Другие номера клиента через запятую: поиск и проверка дубликатов находят по ним, как по первому
cli-add--email = Адрес почты
cli-add--source = Откуда пришёл клиент: cold, inbound, website, referral, …
cli-add--stage = Этап: ключ, русское название или первая буква [по умолчанию: телемаркетолог]
cli-add--referred-by = Клиент (номер), который порекомендовал этого
cli-add--note = Заметка о клиенте
cli-add--allow-duplicate = Добавить, даже если такой телефон (в любом написании) или e-mail уже есть у клиента
cli-add--value = Сумма ожидаемой сделки: оценка до первой оплаты, не счёт («$2 500» — в долларах)
cli-add--expected = Когда ожидается оплата (КОГДА: дата, +2н, пятница …)
cli-list = Клиенты в порядке конвейера
cli-list--stage = Только этот этап
cli-list--status = Активные, потерянные или все (active, lost, all)
cli-list--json = Вывести JSON
cli-show = Показать клиента: поля, напоминания, заказы, историю
cli-show--id = Номер клиента
cli-show--json = Вывести JSON
cli-find = Найти клиентов по имени, компании, телефону (как бы он ни был записан) или e-mail, лучшие совпадения первыми
cli-find--query = Что искать: слова имени или компании, цифры телефона, e-mail
cli-find--limit = Сколько клиентов показать, самое большее
cli-find--json = Вывести JSON
cli-move = Передать клиента на ЭТАП или на следующий/предыдущий (next/prev)
cli-move--id = Номер клиента
cli-move--stage = Этап (ключ, название, первая буква), next или prev
cli-log = Записать звонок, встречу, письмо или заметку в историю клиента
cli-log--id = Номер клиента
cli-log--kind = call, meeting, email или note (звонок, встреча, письмо, заметка)
cli-log--text = Что сказали (для not-target — причина)
cli-log--outcome = Итог звонка: no-answer (перезвонить в следующий рабочий день), call-back (нужен --at), interested (на следующий этап; перед фермером следующий шаг — заказ или неоплаченный счёт), not-target (потерян; ТЕКСТ — причина)
cli-log--at = Когда перезвонить (с --outcome call-back)
cli-lose = Отметить клиента потерянным, с причиной
cli-lose--id = Номер клиента
cli-lose--reason = Почему клиент потерян
cli-revive = Вернуть потерянного клиента на его этап
cli-revive--id = Номер клиента
cli-remind = Напоминание о клиенте ID («-» — ни о ком); печатает его номер
cli-remind--id = Номер клиента или «-»
cli-remind--text = Что сделать
cli-remind--at = 2026-11-25, «2026-11-25 14:30», сегодня, завтра, +3д, +2ч, +1н, пятница, «завтра в 15», «в 3 часа дня», «после обеда», «через 2 часа», «в конце недели», «10 декабря», «на следующей неделе»
cli-done = Отметить напоминание RID выполненным
cli-done--rid = Номер напоминания
cli-snooze = Перенести напоминание RID на КОГДА
cli-snooze--rid = Номер напоминания
cli-snooze--when = Новый день или момент
cli-agenda = Просрочено, сегодня, 7 дней, неоплаченные счета, на реактивацию, залежавшиеся
cli-agenda--json = Вывести JSON (все записи)
cli-agenda--limit = Не больше N записей в разделе [по умолчанию: экран в терминале]
cli-agenda--all = Все записи всех разделов (так же в конвейере команд и с --json)
cli-agenda--mine = Только ваши карточки (в команде — как на вашей доске) и напоминания без клиента
cli-edit = Изменить поля клиента (только указанные; '' очищает поле)
cli-edit--id = Номер клиента
cli-edit--name = Новое имя
cli-edit--company = Компания
cli-edit--phone = Телефон; несколько через запятую: первый — основной, остальные — другие номера клиента
cli-edit--other-phones = Другие номера клиента через запятую ('' — убрать)
cli-edit--email = Адрес почты
cli-edit--source = Откуда пришёл клиент
cli-edit--tags = Метки через запятую
cli-edit--note = Заметка о клиенте
cli-edit--value = Сумма ожидаемой сделки: в валюте клиента (сделки, иначе последнего заказа), если при сумме не указана другая («900 €»); '' — убрать
cli-edit--expected = Когда ожидается оплата ('' — убрать)
cli-reminder = Изменить или удалить напоминание
cli-reminder-edit = Изменить текст и/или срок напоминания RID
cli-reminder-edit--rid = Номер напоминания
cli-reminder-edit--text = Новый текст
cli-reminder-edit--at = Новый день или момент
cli-reminder-delete = Удалить напоминание RID
cli-reminder-delete--rid = Номер напоминания
cli-delete = Удалить клиента со всей историей (в терминале сначала спросит)
cli-delete--id = Номер клиента
cli-delete--yes = Не спрашивать (для скриптов)
cli-merge = Объединить дубль FROM с ID: у ID остаются обе истории, FROM удаляется
cli-merge--id = Клиент, который остаётся
cli-merge--from = Дубль, который уходит
cli-man = Вывести страницу руководства (roff): konveyer man | man -l -
cli-invoice = Выставить счёт; печатает номер заказа
cli-invoice--id = Номер клиента
cli-invoice--amount = 125000, «125 000», 125000,50 или с валютой: «$1 500», «99,90 EUR» [по умолчанию: ожидаемая сделка клиента]
cli-invoice--on = Дата счёта [по умолчанию: сегодня]
cli-invoice--currency = Валюта: код (USD) или знак ($) [по умолчанию: указанная при сумме, иначе валюта клиента — его ожидаемой сделки, иначе последнего заказа, — иначе из настроек: RUB, если не задана]
cli-paid = Отметить заказ OID оплаченным
cli-paid--oid = Номер заказа
cli-paid--on = День, когда пришла оплата: сегодня или раньше [по умолчанию: сегодня]
cli-cancel = Отменить неоплаченный счёт OID (ошибка в сумме, покупатель отказался): оплаты по нему не ждём, напоминания об оплате закрываются; в истории он остаётся
cli-cancel--oid = Номер заказа
cli-cancel--reason = Почему (в историю)
cli-sale = Заказ, выставленный и оплаченный сразу; печатает номер заказа
cli-sale--id = Номер клиента
cli-sale--amount = 125000, «125 000», 125000,50 или с валютой: «$1 500», «99,90 EUR» [по умолчанию: ожидаемая сделка клиента]
cli-sale--on = День оплаты: сегодня или раньше [по умолчанию: сегодня]
cli-sale--currency = Валюта: код (USD) или знак ($) [по умолчанию: указанная при сумме, иначе валюта клиента — его ожидаемой сделки, иначе последнего заказа, — иначе из настроек: RUB, если не задана]
cli-backup = Скопировать базу в ФАЙЛ — целиком или никак (согласованный снимок)
cli-check = Проверить целостность базы
cli-completions = Вывести автодополнение для оболочки
cli-completions--shell = bash, zsh, fish, elvish или powershell
cli-restore = Заменить базу резервной копией (текущая сохраняется как .before-restore)
cli-restore--file = Резервная копия (сначала проверяется)
cli-backup--file = Файл копии (не должен существовать); копия целиком или никакой

## Отчёт

report-title = Отчёт { $from } — { $to } (в сравнении с { $prev_from } — { $prev_to })
report-flow = Поток: вошли (изм.) → дальше ↩ назад ✗ потеряны … ещё там, конверсия
report-flow-legend = четыре числа в сумме дают «вошли»; конверсия = дальше ÷ вошли
report-time = Дней на этапе (завершённые в периоде; «сейчас» — кто ещё там)
report-median = медиана
report-open = сейчас
report-cohort = Новые клиенты: { $created } ({ $change }) — оплатили { $paid }, потеряны { $lost }, в работе { $active }; дошли до:
report-revenue = Выручка (оплачено в периоде)
report-revenue-line = первые { $first_count } · { $first }, повторные { $repeat_count } · { $repeat }, доля повторных { $share } { $change }
report-sources = Источники новых клиентов
report-created = { $n ->
    [one] новый
   *[other] новых
}
report-paid = { $n ->
    [one] оплатил
   *[other] оплатили
}
report-referrals = Рекомендации
report-referred = { $n ->
   *[other] по рекомендации
}
report-losses = Потери (причина — этап)
report-activity = Контакты: звонков { $calls }, встреч { $meetings }, писем { $emails }, заметок { $notes }
report-talk = время разговоров { $time }
report-plan = План и факт (→ прогноз на конец периода)
report-md-title = Отчёт { $from } — { $to }
report-md-before = Период до него: { $from } — { $to }
report-md-flow = Поток по этапам
report-md-flow-head = | этап | вошли | дальше | назад | потеряны | ещё там | конверсия | перепрыгнули |
report-md-time-head = | этап | завершено | медиана, дней | p75, дней | сейчас: медиана, дней |
report-md-cohort = Новые клиенты: { $created } — оплатили { $paid }, потеряны { $lost }, в работе { $active }
report-md-cohort-head = | этап | дошли |
report-md-revenue-head = | валюта | первые | сумма первых | повторные | сумма повторных | доля повторных |
report-md-sources-head = | источник | новых | оплатили | выручка |
report-md-referrals-head = | кто рекомендовал | рекомендовано | оплатили |
report-md-losses = Потери
report-md-losses-head = | причина — этап | потеряно |
report-md-contacts = Контакты
report-md-contacts-head = | контакт | сколько |
report-md-call = звонок: { $outcome }
report-md-meetings = встречи
report-md-emails = письма
report-md-notes = заметки
report-md-talk = время разговоров
report-md-plan-head = | показатель | план | факт | процент | прогноз |
robot-note = робот { $program }: { $what }
program-not-started = процесс не запустился ({ $why })
program-exit = код выхода { $code }
program-exit-said = код выхода { $code }: { $said }
program-signal = процесс прерван сигналом
program-timed-out = время вышло ({ $secs } с) — процесс остановлен
robot-failed = робот { $program }: { $what } — записано в историю клиента; изменение сохранено
plan-forecast = (прогноз по сделкам: { $value })
plan-none = плана на { $key } нет — задайте цели: konveyer plan{ $how } calls=200 new_leads=20 (показатели: konveyer plan --help)
plan-set = план на { $key } сохранён
plan-form-title = План на { $week } (пусто или 0 — без цели)

## Экран отчётов (R на доске).
reports-week = Неделя { $week }: { $from } – { $to }
reports-month = Месяц { $month }: { $from } – { $to }
reports-range = { $from } – { $to }
reports-against = против { $from } – { $to }
reports-page = стр. { $page }/{ $pages } · PgDn PgUp
reports-funnel = Воронка: вошло · конверсия
reports-revenue = Выручка по неделям, последние { $weeks }
reports-first = первые
reports-repeat = повторные
reports-revenue-total = первые { $first } · повторные { $repeat }
reports-dot-legend = · — ни одной за неделю
reports-plan = План: факт/цель → прогноз
reports-no-plan = плана нет — { $key } задаст план недели
reports-compare = Против прошлого периода
reports-new-clients = новые клиенты
reports-calls = звонки
reports-meetings = встречи
reports-first-sales = первые продажи
reports-first-revenue = первая выручка
reports-repeat-revenue = повторная выручка
reports-lost = потеряно
reports-time = Дни на участке: медиана p75 (n) сейчас
reports-losses = Потери: причина · участок
reports-segments = ABC: клиенты · выручка 365 дн. · доля
reports-contacts = Контакты: звонков { $calls }
reports-contacts-line = встречи { $meetings } · письма { $emails } · заметки { $notes }
reports-sources = Источники: создано · оплатили
reports-referrals = Рекомендации: привели · оплатили
reports-cohort = Создано клиентов: { $created }
reports-cohort-line = оплатили { $paid } · потеряно { $lost } · в работе { $active }
reports-reached = дошли:
reports-none = —
reports-no-reason = (без причины)
reports-no-source = (без источника)
reports-no-referrer = (рекомендация, кто — неизвестно)
cli-report = Отчёт за неделю (по умолчанию текущую), месяц или диапазон — в сравнении с предыдущим периодом
cli-report--week = Неделя ISO, например 2026-W48
cli-report--month = Месяц, например 2026-11
cli-report--from = Первый день диапазона
cli-report--to = Последний день диапазона
cli-report--format = text, md, json или csv
cli-plan = Задать план (ПОКАЗАТЕЛЬ=ЗНАЧЕНИЕ) на неделю или день; без значений — план и факт. С --for ЛОГИН (или --user со своим логином): личный план человека на неделю (calls, meetings, moves, payments)
cli-plan--week = Неделя ISO, например 2026-W48 [по умолчанию: текущая]
cli-plan--day = День (дневной план — для коротких сделок)
cli-plan--targets = new_leads, qualified, first_sales, first_revenue, repeat_revenue, calls, meetings = ЗНАЧЕНИЕ (0 удаляет)
cli-plan--json = Вывести JSON
cli-plan--person = Личный план человека на неделю (calls, meetings, moves, payments): руководитель продаж задаёт любой, человек — свой
segments-header = ID      СЕГМЕНТ        ВЫРУЧКА (365 дней)  ИМЯ
segments-empty = платящих клиентов пока нет — сегменты считаются по оплатам (konveyer sale, paid)
segment-none = у #{ $id } { $name } сегмента нет: оплат за последние 365 дней нет (сегменты считаются по оплатам)
cli-import = Импорт клиентов из CSV (Excel, другие CRM) или адресной книги vCard; «-» — стандартный ввод
cli-import--file = Файл или «-» для стандартного ввода
cli-import--format = csv, vcf, json (заявки или выгрузка export) или xlsx (таблица: .xlsx, .xls, .ods) [по умолчанию: по расширению файла, иначе csv]
cli-import--encoding = Кодировка файла (utf-8, windows-1251, utf-16 …) [по умолчанию: определяется]
cli-import--dry-run = Показать, что будет сделано, ничего не записывая
cli-import--source = Источник для строк, где он не указан
cli-import--stage = Участок для строк, где он не указан [по умолчанию: телемаркетолог]
cli-import--map = Что в столбце, если заголовок не говорит: 'ЗАГОЛОВОК=ПОЛЕ' (name, first, middle, last, company, phone, email, source, stage, status, value, currency, paid, created, closed, expected, lost-reason, owner, note, tags, next-step, next-step-text, last-call, stage-since, skip); повторите для других
cli-import--sheet = Лист таблицы (.xlsx, .xls, .ods), в любом регистре [по умолчанию: первый со списком клиентов]
cli-import--date-order = Как читать даты через косую черту: dmy (25/11/2026) или mdy (11/25/2026) [по умолчанию: как показывает день больше 12 в файле; файл, где этого не видно, не принимается]
cli-import--json = Отчёт в JSON
bulk-finishing = завершение: индексы, счётчики и поиск…
check-checking = проверка: файл, ссылки, счётчики и поиск…
import-dry-run = пробный прогон — ничего не записано
import-sheet-read = Прочитан лист «{ $sheet }»; не прочитаны: { $others } — другой лист: --sheet ИМЯ
import-money-values = { $dry ->
    [yes] бюджетов сделок, которые станут ожидаемыми сделками (оценка продавца): { $count }
   *[no] бюджетов сделок, сохранённых как ожидаемые сделки (оценка продавца): { $count }
} — без счетов и напоминаний об оплате
import-reminders = { $dry ->
    [yes] ближайших задач из файла, которые станут напоминаниями на их дни: { $count }
   *[no] ближайших задач из файла, ставших напоминаниями на их дни: { $count }
}
import-money-paid = { $count ->
    [1] оплата по выигранной сделке от { $from }; выручка этой недели от неё: { $week }
   *[other] оплат по выигранным сделкам: { $count }, { $span ->
        [day] все от { $from }
       *[days] с { $from } по { $to }
    }; из них выручка этой недели: { $week }
}
import-in-chunks = записано порциями по { $rows } строк, чтобы остальные в команде могли писать в это время
import-summary = { $unit ->
    [lead] заявок
   *[line] строк
} { $rows }: новых { $added }, объединено { $merged }, пропущено { $skipped }, заказов { $orders }
import-merged = { $at }: объединена с №{ $id } { $name } ({ $by }{ $in_file })
import-in-file = , добавлен из этого же файла
import-by-phone = тот же телефон
import-by-email = тот же e-mail
import-by-name = то же имя, без телефона и e-mail
import-no-name = { $at }: пропущена — нет ни имени, ни компании, ни e-mail, ни телефона
import-invalid = { $at }: пропущена — { $why }
import-unknown-stage = { $at }: этап «{ $stage }» неизвестен — клиент на участке «{ $default }»
import-bad-amount = { $at }: сумма «{ $amount }» — не число; клиент добавлен без заказа
import-bad-currency = { $at }: валюта «{ $currency }» непонятна — её суммы записаны в { $used }
import-currency-conflict = { $at }: сумма «{ $amount }» записана в { $written }, а столбец валюты говорит { $used } — взята в { $used }
import-bad-email = { $at }: «{ $email }» — не адрес e-mail; сохранён в заметке
import-bad-phone = { $at }: «{ $phone }» — не номер телефона; сохранён в заметке
import-bad-date = { $at }: «{ $date }» — не дата, которую читает konveyer (2026-11-25, 25.11.2026, 11/25/2026); сохранена в заметке
shares-line = добавлен отдельным клиентом — офисный телефон №{ $id } { $name }, другое имя
import-shared-phone = { $at }: { shares-line }
import-refused = { $at }: пропущена — командная база не дала вам изменить №{ $id } { $name } ({ $why }); карточка осталась как была — дополнить её может владелец или руководитель продаж
import-refused-owner = карточка пользователя { $owner }
import-note-owner = Ответственный
import-note-value = Сумма сделки
import-note-email = E-mail
import-note-phone = Телефон
import-note-created = Создан
import-note-closed = Закрыт
import-note-expected = Ожидается
import-note-next-step = Следующий шаг
import-note-last-call = Последний звонок
import-note-stage-since = На этапе с
import-dates-guessed = в датах вроде { $date } (строка { $row }; { $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[many] { $rows } строк
    }) первым может быть и день, и месяц, и ни одна строка файла не говорит, что именно: прочитано месяцем вперёд, { $date } как { $read }
cli-export = Выгрузить базу: CSV (строка на клиента), JSON (вся база) или iCalendar (открытые напоминания)
cli-export--format = csv, json или ics [по умолчанию: по расширению файла, иначе csv]
cli-export--output = Записать в FILE вместо стандартного вывода: целиком или никак, доступен только вам (в канал или устройство — как есть; - — стандартный вывод)
cli-export--delimiter = Разделитель CSV: ',' ';' (русский Excel) или 'tab'
cli-export--todo = iCalendar: напоминания как задачи (VTODO), а не события
exported = выгружено в { $path }: { $count } { $what }
exported-clients = { $count ->
    [one] клиент
    [few] клиента
   *[many] клиентов
}
exported-rows = { $count ->
    [one] строка
    [few] строки
   *[many] строк
}
exported-reminders = { $count ->
    [one] напоминание
    [few] напоминания
   *[many] напоминаний
}
cli-segments = Сегменты ABC(D) платящих клиентов (выручка за 365 дней)
cli-segments--json = Вывести JSON
cli-dial = Набрать телефон клиента ID программой из настроек (`dial`); без неё номер копируется в буфер обмена через терминал
cli-dial--id = Номер клиента
cli-dial--number = Какой из телефонов клиента: 1 — основной (по умолчанию), 2 и дальше — другие номера
cli-lose--back = Когда вернуться к клиенту (КОГДА: +3мес, 2027-03-01, весной, «в марте» …): тогда он появится в повестке
cli-forecast = Чего стоят открытые ожидаемые сделки с учётом шанса первой оплаты, измеренного по собственному потоку конвейера
cli-forecast--weeks = За сколько полных недель до текущей считать конверсии
cli-forecast--json = Вывести JSON
reports-forecast = Прогноз: сделки · шанс · ≈ { $weighted }
forecast-title = Прогноз первых оплат (конверсии за { $from } … { $to }, недель: { $weeks })
forecast-legend = клиенты · ожидаемые сделки · × конверсия станции (её пребывания) → шанс первой оплаты · ≈ взвешенно · медиана дней до неё
forecast-fallback = меньше { $min } пребываний за эти недели: посчитано по всей истории
forecast-total = всего взвешенно: { $weighted }
forecast-left-out = не взвешены: { $amount } — { $deals ->
    [one] { $deals } сделка
    [few] { $deals } сделки
   *[many] { $deals } сделок
    } в { $currency }; прогноз взвешивает только сделки в { $weighs }
forecast-ahead = Ожидаемая первая выручка впереди (взвешенно, в ожидаемый день сделки или через медианное время станции)
cli-segment = Задать сегмент клиента вручную (A, B, C, D) или вернуть авто
cli-segment--id = Номер клиента
cli-segment--segment = A, B, C, D или auto
cli-segment--note = Почему (важен и потенциал)
cli-segment--until = Последний день ручного сегмента
err-bad-segment = неизвестный сегмент «{ $input }» — A, B, C, D или auto
text-segment = сегмент
text-expected = ожидается
expected-by = { $value } к { $day }
board-segment = Сегмент
board-referred-by = Рекомендовал
board-value = Сделка
board-expected = Оплата к
board-back-on = Вернуться
board-referrals = Рекомендации
board-referred-n = { $n ->
    [one] привёл { $n } клиента
    [few] привёл { $n } клиентов
   *[many] привёл { $n } клиентов
} (a — добавить ещё)
header-plan = план:
header-today = сегодня:
metric-new_leads = лиды
metric-qualified = квалиф.
metric-first_sales = первые продажи
metric-first_revenue = первая выручка
metric-repeat_revenue = повторные
metric-calls = звонки
metric-meetings = встречи
board-loss-own-words = t  своими словами…    Esc  отмена
loss-reason-1 = нет бюджета
loss-reason-2 = не целевой
loss-reason-3 = ушли к конкуренту
loss-reason-4 = не дозвонились после нескольких попыток
loss-reason-5 = отложили

## Командный режим
activity-assigned = передан
activity-rotated = ротация
timeline-handed = { $from } → { $to }
timeline-by = сделал(а) { $login }
text-owner = ведёт
user-added = { $login } ({ $name }) добавлен(а): { $stations }; карточек этих станций без владельца: { $took }, теперь за ним(ней)
user-first-is-head = первый человек — руководитель продаж, чтобы команда могла расти: он добавляет остальных
user-none = людей пока нет — добавьте: konveyer user add ИМЯ --login ЛОГИН --stations hunter,farmer [--head]
user-head = руководитель продаж
user-away = отсутствует
user-off = { $login } отсутствует: передачи и ротация его пропускают
user-on = { $login } снова на месте
user-off-team = { $login } отсутствует: передачи и ротация его пропускают, а его роль больше не может войти в базу команды
user-on-team = { $login } снова на месте и может входить в базу команды
settings-saved = настройки команды сохранены: их возьмут следующие команды и доски всех людей
err-settings-local = локальная база работает по вашему файлу настроек — правьте его (konveyer settings показывает, что действует)
cli-settings = Показать общие настройки команды (правила, станции, сегменты, валюта); руководитель продаж задаёт их из файла (--from)
cli-settings--from = Заменить настройки команды настройками из ФАЙЛА (TOML, как их показывает команда; руководитель продаж)
user-password-set = пароль { $login } задан на сервере команды
team-set-up = команда создана на { $url }: её люди — роли PostgreSQL в { $members } (руководители продаж ещё и в { $heads }); впустите их через pg_hba.conf (hostssl … scram-sha-256, или cert для тех, кто входит по сертификату) и добавьте командой konveyer user add
password-ask = пароль для { $login }:{" "}
password-again = ещё раз:{" "}
assigned = #{ $id } { $name } теперь ведёт { $login }
team-title = Команда на { $date } (неделя { $week })
team-today = сегодня
team-week = за неделю
team-plan = план
team-done = звонков { $calls }, встреч { $meetings }, переводов { $moves }, оплат { $payments }
team-open = карточек { $cards }: просрочено { $overdue }, застряло { $stale }, без следующего шага { $bare }
team-farmer-load = нагрузка фермера { $count }/{ $capacity }
team-hand-offs = передач за 30 дней: { $received }, ждут первого касания: { $waiting }, медиана до касания { $median } ч
team-hand-offs-untouched = передач за 30 дней: { $received }, ждут первого касания: { $waiting }
rotate-would = { $count ->
    [0] нет клиентов фермера без оплаты { days }: передавать некого
    [one] будет передан { $count } клиент фермера без оплаты { days }:
    [few] будут переданы { $count } клиента фермера без оплаты { days }:
   *[many] будут переданы { $count } клиентов фермера без оплаты { days }:
}
rotate-done = { $count ->
    [0] нет клиентов фермера без оплаты { days }: никто не передан
    [one] передан { $count } клиент фермера без оплаты { days }:
    [few] переданы { $count } клиента фермера без оплаты { days }:
   *[many] переданы { $count } клиентов фермера без оплаты { days }:
}
rotate-kept = { $count ->
    [one] { $count } остаётся у прежнего фермера (нет другого фермера на месте со свободным местом):
   *[other] { $count } остаются у прежнего фермера (нет другого фермера на месте со свободным местом):
}
plan-set-person = план { $login } на { $key } сохранён
plan-none-person = плана { $login } на { $key } нет — задайте цели: konveyer plan --for { $login }{ $how } calls=40 meetings=10 (или moves, payments)
err-changed-by = #{ $id } только что изменил(а) { $login } — карточка перечитана; посмотрите и повторите
err-changed = #{ $id } только что изменил кто-то другой — карточка перечитана; посмотрите и повторите
err-unknown-user = '{ $login }' нет среди людей этого конвейера — задайте KONVEYER_USER (или --user) своим логином из `konveyer user list` или попросите руководителя продаж добавить вас
err-who-are-you = у этого конвейера есть люди, а konveyer не знает, кто из них вы — задайте KONVEYER_USER (или --user) своим логином из `konveyer user list`
err-not-head = это может только руководитель продаж ('{ $login }' им не является) — см. `konveyer user list`
err-user-exists = человек с логином '{ $login }' уже есть — см. `konveyer user list`
err-not-your-login = вы вошли в базу команды как '{ $role }' и не можете действовать как '{ $asked }' — уберите KONVEYER_USER (или --user) или подключитесь как { $asked } (пользователь в адресе или PGUSER)
err-server-refused = база команды отказала: { $why } (в команде карточки меняют их владельцы; людей, планы, настройки, удаление и слияние — руководитель продаж)
server-card-owner = карточка №{ $id } — пользователя { $owner }
server-not-station = { $login } не работает на участке «{ $stage }»
server-not-login = «{ $login }» — не логин
server-role-exists = роль { $login } уже есть на сервере и сохраняет свой пароль; добавьте человека с --no-password
server-head-adds = добавлять людей может только руководитель продаж
server-head-switches = отключать и включать людей может только руководитель продаж
server-head-self = руководитель продаж не может отключить сам себя
server-head-plan = задать план другому человеку может только руководитель продаж
server-head-password = задать пароль другому человеку может только руководитель продаж
server-not-person = { $login } — не человек этой команды
server-role-foreign = роль { $login } создана не этой командой и сохраняет свой пароль (его задаёт сам человек или администратор сервера)
server-policy = правило доступа к строкам таблицы «{ $table }» не разрешает эту запись
server-denied = нет доступа к таблице { $table }
err-password-needed = человеку в базе команды нужен пароль, а спросить его негде (нет терминала) — укажите --password-file ФАЙЛ (только ваш: chmod 600) или --no-password для роли, которая входит по peer или сертификату
err-password-local = пароли бывают у базы команды; у людей локального файла их нет — уберите --password-file
err-password-file = не удаётся прочитать файл с паролем { $path }: { $why } — укажите файл, первая строка которого — пароль
err-passwords-differ = пароли не совпали — ничего не изменено; попробуйте ещё раз
err-password-empty = пустой пароль — введите его или укажите файл, первая строка которого — пароль
err-import-partial = { $done ->
    [0] импорт ничего не записал: { $why }
   *[other] импорт остановился после { $done } из { $total } строк: { $why } — эти строки уже в базе; запустите тот же импорт ещё раз, и строки с телефоном или почтой сольются, а не добавятся дважды
}
err-team-set-up = команда на { $url } уже создана, и в ней есть люди — добавляйте новых командой konveyer user add (как руководитель продаж)
err-no-user = нет человека с логином '{ $login }' — см. `konveyer user list`
err-user-away = { $login } отсутствует — отметьте возвращение `konveyer user on { $login }` или выберите другого
err-bad-login = '{ $login }' — не логин; используйте строчные латинские буквы, цифры, '.', '-' или '_', начиная с буквы, не длиннее 63
err-no-farmer = нет другого фермера на месте со свободным местом — добавьте: `konveyer user add … --stations farmer`
err-bad-idle = '{ $input }' — не срок; укажите дни или недели, например 60d или 8w
err-bad-person-metric = '{ $input }' — не личная цель; используйте calls, meetings, moves или payments = число, например calls=40
cli--user = Кто вы в базе команды (логин из `konveyer user list`) [по умолчанию: логин в системе]
cli-user = Люди конвейера команды: добавить, список, отсутствует, вернулся
cli-user-add = Добавить человека на станции
cli-user-add--name = Имя
cli-user-add--login = Логин: в базе команды — роль PostgreSQL (строчные латинские буквы, цифры, . - _)
cli-user-add--stations = Станции через запятую: telemarketer,qualifier,hunter,closer,farmer (или первые буквы)
cli-user-add--head = Руководитель продаж (передаёт карточки, ротация, добавляет людей)
cli-user-list = Список людей
cli-user-list--json = Вывести JSON
cli-user-off = Отметить отсутствие: передачи и ротация пропускают человека; в базе команды он больше не может войти
cli-user-off--login = Логин
cli-user-on = Отметить возвращение (в базе команды: снова может войти)
cli-user-on--login = Логин
cli-user-add--password-file = Прочитать пароль из первой строки ФАЙЛА (только ваш: chmod 600); иначе он спрашивается в терминале
cli-user-add--no-password = Без пароля: роль входит только там, где сервер ей доверяет (peer, сертификат)
cli-user-password = Задать пароль человека на сервере команды (свой или, руководителю продаж, любой)
cli-user-password--login = Логин
cli-user-password--password-file = Прочитать пароль из первой строки ФАЙЛА (только ваш: chmod 600); иначе он спрашивается в терминале
cli-migrate-to = Скопировать локальную базу (с номерами и историей) в пустую базу команды на PostgreSQL
cli-migrate-to--url = База команды: адрес postgresql://user@host/dbname или пары libpq host=… dbname=…
cli-init-team = Создать команду в её базе PostgreSQL (от имени администратора): роли, схема, правила сервера, руководитель продаж
cli-init-team--head = Логин руководителя продаж (его роль PostgreSQL)
cli-init-team--name = Имя руководителя продаж
cli-init-team--stations = Станции через запятую, на которых руководитель продаж тоже работает
cli-init-team--password-file = Прочитать пароль руководителя продаж из первой строки ФАЙЛА (только ваш: chmod 600); иначе он спрашивается в терминале
cli-init-team--no-password = Без пароля: роль входит только там, где сервер ей доверяет (peer, сертификат)
cli-assign = Передать клиента ID другому человеку (руководитель продаж)
cli-assign--id = Номер клиента
cli-assign--login = Логин человека
cli-team = День руководителя продаж: по каждому звонки, переводы, оплаты против плана, открытая работа, передачи
cli-team--json = Вывести JSON
cli-rotate = Передать клиентов фермера, давно не плативших, другим фермерам по очереди
cli-rotate--idle = Сколько без оплаты: 60d, 8w, 90 (дней)
cli-rotate--from = Только клиентов этого человека
cli-rotate--dry-run = Только показать, кто перейдёт
cli-rotate--json = Вывести JSON
help-toggle-mine = команда: мои карточки / все
help-team = команда: день руководителя продаж
help-assign = команда: передать карточку
board-no-team = у этого конвейера нет людей — см. `konveyer user add` (командный режим)
board-showing-mine = показаны ваши карточки (o: все)
board-showing-all = показаны карточки всех, с инициалами владельца (o: ваши)
board-assign-title = Передать
board-assign-login = Логин
moved-handed = теперь ведёт { $login }

## Слова clap: заголовки справки и её флаги, ошибки вызова (одной строкой)
usage-heading = Использование
usage-commands = Команды
usage-arguments = Аргументы
usage-options = Параметры
usage-help = Показать справку
usage-version = Показать версию
usage-help-command = Показать эту справку или справку по команде
usage-default = по умолчанию
usage-choices = можно
usage-env = переменная
usage-see-help = см. `{ $command } --help`
usage-bad-choice = «{ $value }» не подходит для { $arg }: можно { $choices }
usage-rejected = «{ $value }» не подходит для { $arg }
usage-rejected-hint = «{ $value }» не подходит для { $arg }: нужно { $hint }
usage-not-whole = «{ $value }» — не целое число ({ $arg })
usage-unknown-argument = лишний аргумент «{ $arg }»
usage-unknown-command = нет команды «{ $command }»
usage-missing = не хватает: { $what }
usage-needs-command = после { $command } нужна команда: { $commands }
usage-conflict = { $arg } нельзя вместе с { $other }
usage-twice = { $arg } указан больше одного раза
usage-not-utf8 = аргумент не в кодировке UTF-8
usage-values = не то число значений у { $arg }
usage-other = не понимаю командную строку
usage-did-you-mean = может быть, «{ $suggested }»?
