# konveyer — the interface's texts (en). Fluent syntax: https://projectfluent.org
# A third language: copy this folder, translate every message, keep the ids and $arguments.

## Fixed words of the command line

text-overdue = Overdue
text-today = Today
text-upcoming = Next 7 days
text-stale = Stale cards
text-no-clients = no clients yet — add one with `konveyer add NAME`
text-col-id = ID
text-col-stage = STAGE
text-col-days = DAYS
text-col-name = NAME
text-col-phone = PHONE
text-phone = phone
text-email = email
text-source = source
text-tags = tags
text-notes = notes
text-stage = stage
text-status-lost = lost
text-reminders = Reminders
text-orders = Orders
text-timeline = Timeline
text-invoiced = invoiced
text-paid = paid
text-unpaid = unpaid
text-cancelled = cancelled
text-days-short = d
text-check-ok = ok: the database is intact
text-done-mark = done
text-closed-lost = closed: the client was lost
text-closed-paid = closed: paid
text-closed-cancelled = closed: invoice cancelled
text-done-reminders = Closed lately
text-done-more = … and { $n } closed before — `konveyer show ID --json` has them all
text-stale-mark = stale
text-no-match = no clients match
# `konveyer find` found nobody.
find-none = no client's name, company, phone or e-mail holds '{ $query }'
text-unpaid-invoices = Unpaid invoices
text-reactivate = To reactivate
text-over-capacity = over capacity: clients get buried, hand some over

## Fixed words of the board

board-reminders = Reminders
board-overdue = Overdue
board-today = Today
board-upcoming = Next 7 days
board-no-reminders = nothing due — press { $key } on a card to add a reminder
board-empty-column = empty
board-empty-board = no clients yet — press { $key } to add your first client
board-empty-import = or { $key } to import a file: CSV, Excel, vCard
board-too-small = The terminal is too small for the board: make it at least 60×15.
board-help-title = Keys
board-help-forms = In forms: Tab/↑↓ field · Enter save · Esc cancel · Ctrl-U clear
board-search-title = Search
board-search-hint = type a name, company, phone or email · ↑↓ choose · Enter go · Esc close
board-search-add = no matches — Enter adds a new client with it
board-searching = searching…
board-import-title = Import a file (CSV, Excel .xlsx/.ods, vCard or JSON leads)
board-path = File
board-import-preview = Enter imports · Esc cancels — nothing is written until then
board-weekdays = Mon Tue Wed Thu Fri Sat Sun
# Beside how a WHEN typed into a form reads, when it is before now.
form-when-past = already past
import-table-hint = m  which column became which field
import-sample-title = { $unit ->
    [lead] As read, the first leads:
   *[line] As read, the first rows:
}
import-at-line = line { $row }
import-at-lead = lead { $row }
import-sample = { $at }: { $lead }
import-dates-hint-dmy = d  read the slashed dates day first (05/11 as 5 November)
import-dates-hint-mdy = d  read the slashed dates month first (05/11 as 11 May)
import-encoding-hint = e  read it as { $next } (now { $now })
import-sheet-hint = t  next sheet — this is "{ $sheet }"; the file also has { $others }
import-columns-title = Columns: what each becomes (by hand: *)
import-columns-hint = j/k  column · h/l  field · Enter  read again · Esc  back
import-column-note = — (kept in the note)
import-columns-no-name = no column holds the names: pick the name column (h/l), then Enter
board-snooze-title = Snooze until
board-snooze-options = 1  +1 day    3  +3 days    w  +1 week    t  a date…    Esc  cancel
board-form-hint = Tab next field · Enter save · Esc cancel
board-add-title = New client
board-edit-title = Edit client
board-call-title = Log a call
board-note-title = Note, meeting or email
board-remind-title = New reminder
next-step-title = Next step
next-step-hint = Tab next field · Enter sets the step · Esc skips it
next-step-telemarketer = call
next-step-qualifier = qualify: budget and decision maker
next-step-hunter = send the offer
next-step-closer = agree the payment
no-next-step = no next step
board-lose-title = Lost — why?
board-snooze-date-title = Snooze to a date
board-name = Name
board-company = Company
board-phone = Phone
board-email = Email
board-source = Source
board-tags = Tags
board-stage = Stage
board-notes = Notes
board-text = Text
board-when = When
board-reason = Reason
board-stale = stale
board-lost = lost
board-over-capacity = over capacity
board-week = W
board-new-leads = new leads
board-qualified = qualified
board-first-sales = first sales
board-repeat = repeat
board-saved = saved
board-logged = logged
board-reminder-added = reminder added
board-reminder-done = reminder done
board-snoozed = reminder moved
board-revived = client is active again
board-lost-done = client marked lost
board-added = client added
board-showing-lost = showing lost clients
board-hiding-lost = hiding lost clients
board-undone = undone
board-nothing-to-undo = nothing to undo
board-outcome-title = How did the call go?
board-outcome-options = 1  no answer    2  call back…    3  interested    4  not a target…    t  just a note…    Esc  cancel
board-outcome-next-number = { $key }  next number ({ $next } of { $count })
board-call-back-title = Call back
board-not-target-title = Not a target — why?
board-invoice-title = Invoice
board-paid-title = Paid
board-cancel-title = Cancel the invoice
board-amount = Amount
board-date = Date
board-no-unpaid = no unpaid invoice — press { $key } to issue one
board-invoiced = invoice issued
board-focus = Focus
board-queue = due first, then oldest
board-calls-today = today { $calls ->
        [one] { $calls } call
       *[other] { $calls } calls
    }{ $minutes ->
        [0] {""}
       *[other] , { $minutes } min on the phone
    }
board-queue-done = queue done — { $key } leaves it
board-agenda-title = Agenda
board-default-when = tomorrow 10:00
board-default-day = tomorrow
board-today-word = today
board-edit-reminder-title = Edit the reminder
board-kind = Kind: note, meeting or email
board-paste-nowhere = a paste goes into a form or the search ({ $add } to add, { $search } to search)
board-kind-note = note

## The demo conveyor

demo-needs-offer = needs an offer
demo-qualify = qualify: budget and decision maker
demo-presented = presented the offer
demo-send-offer = send the commercial offer
demo-price-list = offer the new price list

## Stations: roles as column titles

stage-role-telemarketer = Telemarketer
stage-role-qualifier = Qualifier
stage-role-hunter = Hunter
stage-role-closer = Closer
stage-role-farmer = Farmer
stage-letter-telemarketer = T
stage-letter-qualifier = Q
stage-letter-hunter = H
stage-letter-closer = C
stage-letter-farmer = F

## Stations: their result (ЦКП)

stage-result-telemarketer = an interested contact
stage-result-qualifier = a qualified lead
stage-result-hunter = first payment
stage-result-closer = the payment
stage-result-farmer = repeat sales

## Footer hints

hint-move-next = next stage
hint-move-prev = prev stage
hint-open = open
hint-add = add
hint-log-call = call
hint-dial = dial
hint-remind = remind
hint-done = done
hint-snooze = snooze
hint-edit-reminder = edit
hint-search = search
hint-undo = undo
hint-back = back
hint-period-back = earlier
hint-period-forward = later
hint-period-week = week
hint-period-month = month
hint-set-plan = plan
hint-toggle-focus = pane
hint-help = help
hint-quit = quit

## The help overlay

help-left = previous column
help-right = next column
help-down = next card / line
help-up = previous card / line
help-top = first card
help-bottom = last card
help-page-down = page down
help-page-up = page up
help-move-next = card to the next station
help-move-prev = card to the previous station
help-open = open the client
help-add = add a client
help-edit = edit the client
help-log-call = log a call
help-dial = dial the number (the config's `dial`; else copy it)
help-log-note = log a note or meeting
help-remind = add a reminder
help-lose = lose with a reason
help-revive = revive a lost client
help-toggle-lost = show / hide lost clients
help-done = mark the reminder done
help-snooze = snooze the reminder
help-search = search all clients
help-undo = undo the last change
help-invoice = issue an invoice
help-paid = mark the oldest invoice paid
help-cancel-invoice = cancel an unpaid invoice
help-focus = focus one station (queue)
help-agenda = the agenda
help-import = import a file
help-reports = reports and the plan
help-period-back = the period before
help-period-forward = the period after
help-period-current = the week or month of today
help-period-week = by week
help-period-month = by month
help-set-plan = set the week's plan
help-edit-reminder = (pane) edit the reminder
help-delete-reminder = (pane) delete the reminder
help-toggle-focus = board ⇄ reminder pane
help-help = this help
help-back = back / leave focus
help-quit = close / quit

## Timeline kinds


## Timeline kinds (English uses the keys)

activity-created = created
activity-call = call
activity-meeting = meeting
activity-email = email
activity-note = note
activity-move = move
activity-lost = lost
activity-revived = revived
activity-invoice = invoice
activity-payment = payment
activity-merged = merged
activity-cancelled = cancelled

## Call outcomes on the timeline

outcome-no-answer = no answer
outcome-call-back = call back
outcome-interested = interested
outcome-not-target = not a target
not-target-reason = not a target

## Counting

days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
days-short = { $n }d

## Reminders written from what they are

reminder-call-back = call back
reminder-retry = call again (no answer, attempt { $attempt })
reminder-reactivation = reactivate: no payment for { days }
reminder-chase = chase payment: invoice #{ $order }{ $amount }
timeline-first-payment = first payment, #{ $order }{ $amount }

## What the command line and the board say after a change

moved = { $who }: { $from } → { $to }
logged = logged { $kind } for { $who }
lost = { $who } is lost: { $reason }
revived = { $who } is active again ({ $stage })
reminder-done = reminder #{ $id } done
snoozed = reminder #{ $id } moved to { $due }
order-paid = order #{ $id } paid: { $amount }
order-cancelled = invoice #{ $id } ({ $amount }) to { $who } cancelled: no payment awaited
order-paid-promoted = order #{ $id } paid: { $amount }; first payment — { $who } moved to farmer
call-no-answer = { $who }: no answer (attempt { $attempt }), retry on { $day }
call-no-answer-last = { $who }: no answer { $attempt } times, as many as the cadence tries — lose as unreachable (`konveyer lose { $id } --reason unreachable`), or the retry on { $day } stands
call-unreachable = unreachable: no answer { $attempt } times
call-attempt = call { $attempt }
call-call-back = { $who }: call back on { $when } — reminder set
call-back-lost = { $who } stays lost and comes back on { $day }: the agenda lists them then
call-interested = { $who }: interested → { $stage }
call-interested-last = { $who }: interested — the next step is an order (invoice)
call-interested-unpaid = { $who }: interested — invoice #{ $order } ({ $amount }) waits for its payment
call-not-target = { $who }: not a target — lost
undone = undone
undone-what = undone: { $what }
reminder-done-text = done: { $text }
reminder-deleted = reminder deleted: { $text } (u brings it back)
no-station = there is no station { $n } — the conveyor has { $stations } (1–{ $stations })
new-database = new database at { $path } — press { $key } to add your first client
generated = { $total ->
    [one] generated 1 client
   *[other] generated { $shown } clients
} in { $path }: { $stages }, { $lost } lost; { $reminders } reminders, { $orders } orders
generated-stage = { $count } { $stage }
stale-station = { $stage }: { $n } past { $limit }, the oldest { $oldest }
stale-every = `konveyer agenda --all` lists every one
more-entries = … and { $n } more — `konveyer agenda --all` lists every one
more-below = { $n } more
key-does-nothing = { $key } does nothing here — { $help } lists the keys
edited = { $who }: saved
reminder-edited = reminder #{ $id }: { $due } { $text }
reminder-deleted-cli = reminder #{ $id } deleted: { $text }
confirm-delete = delete { $who } with its whole history (timeline, reminders, orders)? [y/N]
deleted = { $who } deleted with its history
merged = #{ $from } merged into { $who }: one client, both timelines
restored = restored from { $file }
restored-kept = restored from { $file }; the previous database is kept as { $kept }
migrated = copied into { $url }: { $clients } clients, { $orders } orders, { $activities } timeline entries, { $reminders } reminders, { $plans } plan targets
migrated-next = next: the head of sales adds the people (konveyer user add NAME --login LOGIN --stations …; set the team up first with init-team if it is not), and each person connects as their own role: KONVEYER_DB='postgresql://LOGIN@HOST/DATABASE?sslmode=verify-full', their password in ~/.pgpass
backed-up = backed up to { $path }
demo-written = demo conveyor with { $clients } clients written to { $path }
week-line = { board-new-leads } { $leads } · { board-qualified } { $qualified } · { board-first-sales } { $first } ({ $first_amount }) · { board-repeat } { $repeat }

## Errors: what was wrong and what to do

stages-hint = telemarketer, qualifier, hunter, closer, farmer (or the first letter)
err-bad-stage = unknown stage '{ $input }' — use one of { stages-hint }
err-stage-disabled = the { $stage } station is switched off
err-no-next-stage = { $stage } is the last station — there is no next one
err-no-prev-stage = { $stage } is the first station — there is no previous one
err-already-in-stage = the client is already in { $stage }
err-bad-when = cannot read the date '{ $input }' — try 2026-11-25, '2026-11-25 14:30', tomorrow 15:00, friday, +3d, +2h, 'in 2 hours', 'dec 10' or 'next week'
err-when-out-of-range = the date '{ $input }' is out of range — use a day from 1970 up to a hundred years ahead
err-bad-amount = cannot read the amount '{ $input }' — try 125000, '125 000', 125000.50 or '150k'
err-zero-amount = the amount must be greater than zero
err-amount-too-large = the amount '{ $input }' is implausibly large — konveyer takes up to 1 000 000 000 000; check the digits
err-bad-currency = unknown currency '{ $input }' — use a three-letter code such as RUB, USD, EUR
err-currency-conflict = the amount '{ $input }' is in { $named }, not { $wanted } — write it in { $wanted } or without its currency
err-empty-name = the name is empty — give the client a name
err-bad-email = '{ $input }' does not look like an email address
err-bad-phone = '{ $input }' does not look like a phone number — use digits, an optional leading +, spaces, dashes or brackets (e.g. +7 999 123-45-67)
err-bad-activity-kind = unknown kind '{ $input }' — use call, meeting, email or note
err-bad-outcome = unknown call outcome '{ $input }' — use no-answer, call-back, interested or not-target
err-bad-period = cannot read the period '{ $input }' — use a week 2026-W48, a month 2026-11, or --from DAY --to DAY (to not before from)
err-bad-count = cannot read the target '{ $input }' for { $metric } — give a whole number such as 200 (0 removes the target)
err-bad-metric = unknown plan metric '{ $input }' — use new_leads, qualified, first_sales, first_revenue, repeat_revenue, calls or meetings (METRIC=VALUE)
err-outcome-not-for-call = --outcome is only for calls
err-call-back-needs-when = when should you call back? give a day or a time (e.g. 'fri 11:00')
err-call-back-needs-at = when should you call back? add --at WHEN (e.g. --at 'fri 11:00')
err-empty-reason = say why the client is lost
err-empty-text = the text is empty — say what to remind about
err-bad-now = KONVEYER_NOW='{ $input }' is not a moment — use 2026-11-25T10:00
err-bad-client-ref = '{ $input }' is not a client id — give a number from `konveyer list`, or '-' for none
err-check-failed = the database has { $n } problem(s); restore a backup (`konveyer backup` makes one)
err-nothing-selected = select a client first
err-no-reminder-selected = no reminder selected — select one in the pane (Tab) or the agenda (A)
err-nothing-to-change = nothing to change — give at least one new value (see --help)
err-no-amount = client #{ $id } has no expected deal in that currency to invoice — give the AMOUNT, or set one: konveyer edit { $id } --value AMOUNT
err-deal-after-payment = client #{ $id } has paid already, and an expected deal is for before the first payment — record new business as an order: konveyer invoice { $id } AMOUNT
err-undo-conflict = client #{ $id } was changed meanwhile by another window — not undone
err-undo-conflict-any = changed meanwhile by another window — not undone
err-needs-yes = deleting asks first — run it in a terminal, or add --yes in a script
err-merge-self = cannot merge client #{ $id } into itself — give two different ids
err-no-backup = no backup at { $path } — give the file `konveyer backup FILE` wrote
err-no-database = no database at { $path } — create one with `konveyer add NAME` (or try `konveyer demo`), or check --db
err-cancelled = cancelled — nothing was changed
err-not-a-terminal = the board needs a terminal — run konveyer in one, or see `konveyer --help` for commands
err-no-client = no client #{ $id } — see `konveyer list`
err-no-reminder = no reminder #{ $id } — see `konveyer agenda`
err-no-order = no order #{ $id } — see `konveyer show CLIENT`
err-client-lost = client #{ $id } is lost — bring it back first: `konveyer revive { $id }`
err-client-not-lost = client #{ $id } is not lost — nothing to revive
err-already-lost = client #{ $id } is already lost
err-reminder-done = reminder #{ $id } is already done
err-order-paid = order #{ $id } is already paid
err-order-cancelled = invoice #{ $id } is cancelled: it waits for no payment — issue a new one (konveyer invoice ID AMOUNT)
err-paid-before-invoiced = the payment date is before the invoice date
err-paid-ahead = { $day } is still ahead — a payment is recorded on the day it came, today or before (an invoice waits for one to come)
err-team-schema-behind = the team database is older than this konveyer (schema { $found }, it needs { $needed }) — its admin brings it up to date by running this konveyer once with the admin's connection (konveyer --db URL check)
err-schema-too-new = this database was written by a newer konveyer (schema { $found }, this one knows up to { $supported }) — upgrade konveyer
err-not-konveyer = { $path } is not a konveyer database (or it is damaged)
err-damaged = { $path } is damaged: it holds { $size } of the { $promised } bytes its header promises (cut short) — nothing was changed in it; put a backup back with `konveyer restore FILE`
duplicate-phone-title = This phone is already #{ $id } { $name }'s
duplicate-email-title = This e-mail is already #{ $id } { $name }'s
duplicate-options = o  open that client    m  merge into it (fill its empty fields)    a  add a new client anyway    Esc  back to the form
duplicate-merged = { $who }: empty fields filled from the form
err-duplicate-phone = this phone is already #{ $id } { $name }'s — see them with `konveyer show { $id }`, or add anyway with --allow-duplicate
err-duplicate-email = this e-mail is already #{ $id } { $name }'s — see them with `konveyer show { $id }`, or add anyway with --allow-duplicate
err-no-phone = client #{ $id } has no phone to dial — add one: konveyer edit { $id } --phone NUMBER
err-dial-failed = the dialler '{ $program }' failed: { $why } — check `dial` in the config file
dial-started = dialling { $phone } ({ $program })
dial-copied = { $phone } copied to the clipboard through the terminal — set `dial` in the config to dial it from here
dial-printed = { $phone } — set `dial` in the config file to dial it from here
err-no-such-number = client #{ $id } has no number { $n } — { $count ->
    [one] it has one
   *[other] it has { $count }: --number 1 to { $count }
}
err-no-robot = there is no robot { $n } — the config file has { $count } (see `konveyer robots`)
robots-none = no robots — add [[robots]] to the config file (on = "enter:hunter", "created", "lost" or "paid")
robots-remind = remind "{ $text }" { $when }
robots-run = run `{ $command }`
robots-dry = robot { $n } (on { $on }) would act on { $who }:
robots-dry-not = robot { $n } would not act on { $who }: it is only for { $filters }
robots-dry-remind = a reminder "{ $text }", due { $due }
robots-dry-run = `{ $command }` run with the client as JSON on its input
robots-dry-nothing = (a dry run: nothing was written, nothing was run)
cli-robots = The robots of the config; --dry-run N ID says what robot N would do for client ID
cli-robots--dry-run = What robot N would do for client ID, writing and running nothing
err-back-in-the-past = { $day } has come already — give a day to come back that is still ahead (+3mo, 2027-03-01 …)
agenda-back = Back today
agenda-back-line = { $name } — lost for "{ $reason }" on { $lost }: `konveyer revive { $id }`
board-back-line = { $name } — lost for "{ $reason }" on { $lost }
header-back = back today
err-bad-duration = cannot read the duration '{ $input }' — write 3:25, 200s, 5m or 1h
cli-log--duration = How long the call took: 3:25, 200s, 5m (with --outcome)
err-not-a-file = { $path } is not a regular file (a pipe, a directory or a device) — give --db a database file
err-read-only = { $path } is read-only — check its permissions
err-busy = the database is busy (another konveyer is writing) — try again
err-busy-by = the team's writes are held by { $login } (for { $seconds } s now) — try again in a moment; a session stuck that long is ended by the server within seconds
err-file-exists = { $path } already exists — choose another file or remove it first
err-not-empty = { $path } already holds clients — give the demo a fresh file with --db
err-no-data-dir = cannot find a data directory — pass --db PATH or set KONVEYER_DB
err-too-large = { $path } goes on past { $most } bytes, and no settings file is that long — check that it names the right file (not a device or an endless pipe)
err-bad-config = the config file { $path } is wrong: { $why } — fix it or move it away
err-config-range = the config file { $path }: { $key } = { $value } is out of range — use { $min } to { $max }
err-config-stale-stage = the config file { $path }: [stages.stale_days] names no station '{ $value }' — telemarketer, qualifier, hunter or closer
err-config-robot-on = the config file { $path }: a robot on '{ $on }' — on is 'enter:STATION', 'created', 'lost' or 'paid'
err-config-robot-stage = the config file { $path }: the robot on '{ $on }' has stage '{ $value }', which is no station
err-config-robot-after = the config file { $path }: the robot on '{ $on }' has after '{ $value }', which is no WHEN — +2d, +1h, tomorrow 10:00 …
err-config-robot-idle = the config file { $path }: the robot on '{ $on }' has neither remind nor run — give it one
err-config-region = the config file { $path }: region '{ $value }' is not a two-letter country code — RU, KZ, US …
err-config-keys-action = the config file { $path }: [keys] names no action '{ $action }' — the board's actions: { $other }
err-config-keys-key = the config file { $path }: [keys] { $action } = '{ $key }' is no key — a letter, a digit or a sign, or Left, Right, Up, Down, Enter, Tab, Esc, Home, End, PgUp, PgDn, Del
err-config-keys-twice = the config file { $path }: [keys] gives { $key } to both { $action } and { $other } — give one of them another key
err-config-lang = the config file { $path }: lang = "{ $value }" is not a language konveyer speaks — use en or ru
err-config-currency = the config file { $path }: currency = "{ $value }" is no currency konveyer reads — use a code (RUB, USD, EUR …) or a sign (₽, $, €)
err-disk-full = the disk is full — free some space and try again (nothing was written)
err-bad-delimiter = '{ $input }' is not a delimiter — use one character: ',' ';' or 'tab'
err-export-failed = cannot write { $path }: { $why } — nothing was written there
err-import-json = { $file }: not a lead or a list of leads ({ $why }) — send {"{"}"name": …{"}"} or a list of them
err-import-no-leads = { $file }: not a lead or a list of leads — send {"{"}"name": …{"}"} or a list of them
err-import-not-a-lead = { $file }: lead { $n } is not an object — each lead is {"{"}"name": …{"}"}; nothing was added
err-import-lead-no-name = { $file }: lead { $n } has no "name" — every lead needs one; nothing was added
err-dump-version = this dump is of schema { $found }; this konveyer reads schema { $ours } — export it again with the same version
err-dump-not-empty = a dump is loaded into an empty database only — give a new --db path
err-dump-shape = this dump is not as konveyer writes one: { $column ->
    [none] its { $table } is no table of a dump, or holds a row that is not an object
   *[other] a row of { $table } has '{ $column }', which is no column of it
} — export the base again (konveyer export --format json)
dump-loaded = loaded { $clients } clients, { $orders } orders, { $activities } timeline entries, { $reminders } reminders, { $plans } plan targets
dump-would-load = would load { $clients } clients, { $orders } orders, { $activities } timeline entries, { $reminders } reminders, { $plans } plan targets
err-import-io = cannot read { $file }: { $why } — check the path
err-import-empty = { $file } is empty — nothing to import
err-import-not-a-file = { $file } is not a regular file (a device, a directory or a pipe) — give the path of the file to import
err-import-binary = { $file } is not a text file (CSV, vCard or JSON) — check the file name
err-import-encoding = '{ $encoding }' is not an encoding konveyer knows — try utf-8, windows-1251 or utf-16
err-import-no-name = { $file } has no name column (found: { $headers }) — name one Name, ФИО, First name + Last name or Company, or say which it is: --map 'HEADER=name'
err-import-bad-map = --map '{ $entry }' is not HEADER=FIELD — FIELD is one of { $fields }
err-import-map-no-column = { $file } has no column '{ $header }' for --map (found: { $headers }) — copy the header as the file writes it
err-import-sheet = cannot read the spreadsheet { $file }: { $why } — save it again as .xlsx or .ods, or as CSV
err-import-date-order = { $file }: dates such as { $date } may be day or month first, and no row of the file says which — say it: --date-order mdy reads it as { $mdy }, --date-order dmy as { $dmy }
err-import-not-a-table = { $option } is for a table's columns (CSV, .xlsx, .ods; --sheet for a spreadsheet only), and { $file } is not one — leave it out
err-import-no-sheet = { $file } has no sheet '{ $sheet }' (it has: { $sheets }) — name one of those with --sheet
err-import-no-name-in-sheets = { $file }: none of its sheets has a column of names (sheets: { $sheets }) — name the sheet with --sheet, and its name column with --map 'HEADER=name'
err-import-row = { $file }, line { $row }: { $why } — fix that line and import again
err-import-no-vcards = { $file } holds no vCard (BEGIN:VCARD … END:VCARD) — export the address book as vCards again, or as CSV
err-import-dump = { $file } is a whole database written by `konveyer export --format json`, not a list of leads — put it back from the command line: konveyer import { $file }
err-io = file error: { $why }
err-team-not-empty = the team database { $url } already holds clients or plans — migrate-to copies into an empty database only
err-not-team-url = '{ $url }' is not a PostgreSQL address — give one like postgresql://user@host/dbname
err-only-local = `konveyer { $what }` works on a local database file; on a team server use PostgreSQL's own tools (see "Team mode" in the README)
err-team-read-only = the team database takes no writes here: this server is a standby, or it (or this connection's options) is set read-only — connect to its primary (its host, or target_session_attrs=read-write with the servers listed in host=)
err-no-server = cannot reach the team database at { $url }: { $why } — check the address, that the server runs, and the password (PGPASSWORD or ~/.pgpass)
err-server-not-trusted = the server at { $url } showed a certificate this connection does not trust: { $why } — name the CA that signed it (sslrootcert=FILE, PGSSLROOTCERT or ~/.postgresql/root.crt; sslrootcert=system for a public CA), and the server by the name its certificate gives
err-certificate-refused = the team database at { $url } did not let you in by your certificate: { $why } — give the certificate its admin issued for your login, with its key (sslcert=FILE and sslkey=FILE in the address, PGSSLCERT and PGSSLKEY, or ~/.postgresql/postgresql.crt and postgresql.key)
err-no-service = the connection service '{ $name }' is in none of { $files } — add it to the first ([{ $name }], then host=, dbname=, user= lines), or give the address whole
err-bad-service-file = the connection service file { $path } is wrong at line { $line }: neither a [service], a key=value nor a # comment — fix that line
err-password-file-open = the password file { $path } may be read by others — make it yours alone: chmod 600 { $path }
err-bad-sslmode = sslmode '{ $mode }' is not one of disable, prefer, require, verify-ca, verify-full — verify-full for a server that is not on this machine
err-no-root-cert = the server's certificate is to be checked, but there is no CA certificate to check it against — give sslrootcert=FILE in the address (or PGSSLROOTCERT), or put the CA's certificate in ~/.postgresql/root.crt (sslrootcert=system: the system's CAs, for a server whose certificate a public CA signed)
err-system-roots-weak = sslrootcert=system trusts every CA of this system, and they vouch for any name they signed — use it with sslmode=verify-full, not '{ $mode }' (as libpq has it)
err-no-system-roots = sslrootcert=system, but this system has no CA certificates ({ $why }) — install them (Debian: apt-get install ca-certificates), or give sslrootcert=FILE
pem-not-a-file = it is not a regular file
pem-too-large = it holds { $size } bytes, more than such a file does
pem-no-certificate = no certificate in it
pem-no-crl = no revocation list in it
pem-no-key = no private key in it
err-tls-root-cert = cannot use the CA certificate { $path }: { $why } — give the PEM file of the CA that signed the server's certificate
err-tls-crl = cannot use the revocation list { $path }: { $why } — give the PEM file of the list your CA published (sslcrl=FILE in the address, PGSSLCRL, or ~/.postgresql/root.crl)
err-client-cert = cannot use your certificate { $path }: { $why } — give the PEM file of the certificate the team's server knows you by (sslcert=FILE in the address, PGSSLCERT, or ~/.postgresql/postgresql.crt)
err-client-key = cannot use the key of your certificate { $path }: { $why } — give its private key as a PEM file (sslkey=FILE in the address, PGSSLKEY, or ~/.postgresql/postgresql.key)
err-client-key-mismatch = the key { $path } is not the key of your certificate { $cert } — give the key made with it (sslkey=FILE in the address, PGSSLKEY, or ~/.postgresql/postgresql.key beside postgresql.crt)
err-client-key-open = the key of your certificate { $path } may be read by others — make it yours alone: chmod 600 { $path }
err-client-key-encrypted = the key of your certificate { $path } is encrypted, and konveyer asks for no password to open it — keep a copy without one that only you can read: openssl pkey -in { $path } -out FILE, then chmod 600 FILE
err-password-in-clear = the server at { $url } asks for a password but does not offer TLS, so the password was not sent — turn ssl on on the server (and use sslmode=verify-full), or connect through its local socket (host=/var/run/postgresql)
err-db = database error: { $why }

## Command-line help (clap); `cli-SUB` is a command, `cli-SUB--ARG` its argument

cli-about = konveyer — a sales conveyor in your terminal: telemarketer → qualifier → hunter → farmer.
cli--db = The database file, or a team database's address (postgresql://…, host=… dbname=…, service=NAME) [default: the platform data directory]
cli--lang = Interface language: en or ru [default: from the locale]
cli-demo = Fill a fresh database with a realistic demo conveyor and open it
cli-gen = Generate a large synthetic conveyor (for trying the board at scale)
cli-gen--clients = How many clients to add
cli-gen--seed = The same seed (and the same KONVEYER_NOW) makes the same conveyor, row for row
cli-add = Add a client; prints the new client's id
cli-add--json = NAME is '-' (standard input) or a file: leads as JSON from a web form or a script — added or merged by phone and e-mail; prints their ids
cli-add--name = The person's or company's name
cli-add--company = The company
cli-add--phone = A phone number: digits, an optional leading +, spaces, dashes or brackets; several with commas between them: the first to dial, the rest the client's other numbers
cli-add--other-phones = The client's other numbers, commas between them: found by search and as duplicates as the first is
cli-add--email = An email address
cli-add--source = Where the client came from: cold, inbound, website, referral, …
cli-add--stage = Stage key or its first letter [default: telemarketer]
cli-add--referred-by = The client (id) who referred this one
cli-add--note = A note about the client
cli-add--allow-duplicate = Add it even when its phone (in any spelling) or e-mail is already a client's
cli-add--value = The expected deal's value: an estimate before the first payment, never an invoice ('$2 500' for one in dollars)
cli-add--expected = The day its payment is expected (WHEN: a date, +2w, friday …)
cli-list = List clients in conveyor order
cli-list--stage = Only this stage (key or first letter)
cli-list--status = Active, lost or all clients
cli-list--json = Print JSON
cli-show = Show a client: fields, reminders, orders, timeline
cli-show--id = The client's number
cli-show--json = Print JSON
cli-find = Find clients by name, company, phone (any way it is written) or e-mail, best match first
cli-find--query = What to look for: words of a name or company, digits of a phone, an e-mail
cli-find--limit = At most this many clients
cli-find--json = Print JSON
cli-move = Move a client to STAGE, or to the next/prev station
cli-move--id = The client's number
cli-move--stage = A stage key, its first letter, next or prev
cli-log = Log a call, meeting, email or note on a client's timeline
cli-log--id = The client's number
cli-log--kind = call, meeting, email or note
cli-log--text = What was said (for not-target: the reason)
cli-log--outcome = For calls: no-answer (retry next working day), call-back (needs --at), interested (to the next station; before the farmer's, an order or the unpaid invoice is the next step), not-target (lost; TEXT is the reason)
cli-log--at = When to call back (with --outcome call-back)
cli-lose = Mark a client lost, with the reason
cli-lose--id = The client's number
cli-lose--reason = Why the client is lost
cli-revive = Bring a lost client back into its stage
cli-revive--id = The client's number
cli-remind = Add a reminder about client ID ('-' for none); prints its id
cli-remind--id = The client's number, or - for none
cli-remind--text = What to do
cli-remind--at = 2026-11-25, '2026-11-25 14:30', today, tomorrow, +3d, +2h, +1w, friday, 'tomorrow 3pm', 'after lunch', 'in 2 hours', 'end of the week', 'dec 10', 'next week'
cli-done = Mark reminder RID done
cli-done--rid = The reminder's number
cli-snooze = Move reminder RID to WHEN
cli-snooze--rid = The reminder's number
cli-snooze--when = The new day or moment
cli-agenda = Overdue, today, next 7 days, unpaid invoices, to reactivate, stale cards
cli-agenda--json = Print JSON (every entry)
cli-agenda--limit = At most N entries per section [default: a screenful on a terminal]
cli-agenda--all = Every entry of every section (also the default in a pipe and with --json)
cli-agenda--mine = Only your own cards (on a team: as your board shows them) and the reminders about no client
cli-edit = Change a client's fields (only those given; '' clears one)
cli-edit--id = The client's number
cli-edit--name = A new name
cli-edit--company = The company
cli-edit--phone = A phone number; several with commas between them: the first to dial, the rest the client's other numbers
cli-edit--other-phones = The client's other numbers, commas between them ('' clears them)
cli-edit--email = An email address
cli-edit--source = Where the client came from
cli-edit--tags = Comma-separated labels
cli-edit--note = The note about the client
cli-edit--value = The expected deal's value: in the client's currency (the deal's, else its newest order's) unless another is written with it ('€900'); '' clears it
cli-edit--expected = The day its payment is expected ('' clears it)
cli-reminder = Change or delete a reminder
cli-reminder-edit = Change reminder RID's text and/or when it is due
cli-reminder-edit--rid = The reminder's number
cli-reminder-edit--text = The new text
cli-reminder-edit--at = The new day or moment
cli-reminder-delete = Delete reminder RID
cli-reminder-delete--rid = The reminder's number
cli-delete = Delete a client with its whole history (asks first on a terminal)
cli-delete--id = The client's number
cli-delete--yes = Do not ask (for scripts)
cli-merge = Merge duplicate FROM into ID: ID keeps both timelines, FROM goes
cli-merge--id = The client that stays
cli-merge--from = The duplicate that goes
cli-man = Print the manual page (roff) to stdout: konveyer man | man -l -
cli-invoice = Issue an invoice; prints the order id
cli-invoice--id = The client's number
cli-invoice--amount = 125000, '125 000', 125000.50, or with its currency: '$1 500', '99,90 EUR' [default: the client's expected deal]
cli-invoice--on = Invoice date [default: today]
cli-invoice--currency = The currency: a code (USD) or a sign ($) [default: the amount's own, else the client's — its expected deal's, else its newest order's — else the config's: RUB unless set]
cli-paid = Mark order OID paid
cli-paid--oid = The order's number
cli-paid--on = The day the payment came: today or before [default: today]
cli-cancel = Cancel unpaid invoice OID (a wrong amount, a buyer who said no): it waits for no payment, its chases end; the timeline keeps it
cli-cancel--oid = The order's number
cli-cancel--reason = Why (on the timeline)
cli-sale = Record an order invoiced and paid at once; prints the order id
cli-sale--id = The client's number
cli-sale--amount = 125000, '125 000', 125000.50, or with its currency: '$1 500', '99,90 EUR' [default: the client's expected deal]
cli-sale--on = The day it was paid: today or before [default: today]
cli-sale--currency = The currency: a code (USD) or a sign ($) [default: the amount's own, else the client's — its expected deal's, else its newest order's — else the config's: RUB unless set]
cli-backup = Copy the database to FILE, complete or not at all (a consistent snapshot)
cli-check = Check the database's integrity
cli-completions = Print shell completions
cli-completions--shell = bash, zsh, fish, elvish or powershell
cli-restore = Replace the database with a backup (the current one is kept as .before-restore)
cli-restore--file = The backup to restore (checked first)
cli-backup--file = The copy to write (must not exist); complete or not at all

## The report

report-title = Report { $from } — { $to } (against { $prev_from } — { $prev_to })
report-flow = Flow: entered (change) → advanced ↩ back ✗ lost … still there, conversion
report-flow-legend = the four add up to entered; conversion = advanced ÷ entered
report-time = Days per station (stays ended in the period; open: still there now)
report-median = median
report-open = open
report-cohort = Clients created: { $created } ({ $change }) — paid { $paid }, lost { $lost }, active { $active }; reached:
report-revenue = Revenue (paid in the period)
report-revenue-line = first { $first_count } · { $first }, repeat { $repeat_count } · { $repeat }, repeat share { $share } { $change }
report-sources = Sources of new clients
report-created = { $n ->
   *[other] created
}
report-paid = { $n ->
   *[other] paid
}
report-referrals = Referrals
report-referred = { $n ->
   *[other] referred
}
report-losses = Losses (reason — station)
report-activity = Contacts: calls { $calls }, meetings { $meetings }, e-mails { $emails }, notes { $notes }
report-talk = talk time { $time }
report-plan = Plan vs fact (→ projected to the end of the period)
report-md-title = Report { $from } — { $to }
report-md-before = The period before: { $from } — { $to }
report-md-flow = Flow per station
report-md-flow-head = | station | entered | advanced | moved back | lost | still there | conversion | skipped |
report-md-time-head = | station | ended | median days | p75 days | open: median days |
report-md-cohort = Clients created: { $created } — paid { $paid }, lost { $lost }, active { $active }
report-md-cohort-head = | station | reached |
report-md-revenue-head = | currency | first | first amount | repeat | repeat amount | repeat share |
report-md-sources-head = | source | created | paid | revenue |
report-md-referrals-head = | referrer | referred | paid |
report-md-losses = Losses
report-md-losses-head = | reason — station | lost |
report-md-contacts = Contacts
report-md-contacts-head = | contact | count |
report-md-call = call: { $outcome }
report-md-meetings = meetings
report-md-emails = e-mails
report-md-notes = notes
report-md-talk = talk time
report-md-plan-head = | metric | target | fact | percent | projected |
robot-note = robot { $program }: { $what }
program-not-started = not started ({ $why })
program-exit = exit { $code }
program-exit-said = exit { $code }: { $said }
program-signal = killed by a signal
program-timed-out = ran past { $secs } s and was stopped
robot-failed = robot { $program }: { $what } — noted on the client's timeline; the change stands
plan-set = plan for { $key } saved
plan-forecast = (forecast from the deals: { $value })
plan-none = no plan for { $key } — set targets: konveyer plan{ $how } calls=200 new_leads=20 (the metrics: konveyer plan --help)
plan-form-title = Plan for { $week } (empty or 0: no target)

## The reports screen (R on the board).
reports-week = Week { $week }: { $from } – { $to }
reports-month = Month { $month }: { $from } – { $to }
reports-range = { $from } – { $to }
reports-against = against { $from } – { $to }
reports-page = page { $page }/{ $pages } · PgDn PgUp
reports-funnel = Funnel: entered · conversion
reports-revenue = Revenue by week, last { $weeks }
reports-first = first
reports-repeat = repeat
reports-revenue-total = first { $first } · repeat { $repeat }
reports-dot-legend = · none that week
reports-plan = Plan: fact/target → projected
reports-no-plan = no plan — { $key } sets this week's
reports-compare = Against the period before
reports-new-clients = new clients
reports-calls = calls
reports-meetings = meetings
reports-first-sales = first sales
reports-first-revenue = first revenue
reports-repeat-revenue = repeat revenue
reports-lost = lost
reports-time = Days per station: median p75 (n) open
reports-losses = Losses: reason · station
reports-segments = ABC: clients · revenue 365 d · share
reports-contacts = Contacts: { $calls } calls
reports-contacts-line = meetings { $meetings } · e-mails { $emails } · notes { $notes }
reports-sources = Sources: created · paid
reports-referrals = Referrals: referred · paid
reports-cohort = Clients created: { $created }
reports-cohort-line = paid { $paid } · lost { $lost } · active { $active }
reports-reached = reached:
reports-none = —
reports-no-reason = (no reason)
reports-no-source = (no source)
reports-no-referrer = (referral, referrer unknown)
cli-report = The report of a week (default: this one), a month or a range, with the period before
cli-report--week = ISO week, e.g. 2026-W48
cli-report--month = A month, e.g. 2026-11
cli-report--from = The first day of a range
cli-report--to = The last day of a range
cli-report--format = text, md, json or csv
cli-plan = Set plan targets (METRIC=VALUE) for a week or a day; without targets, plan vs fact. With --for LOGIN (or --user naming yourself): that person's own week plan (calls, meetings, moves, payments)
cli-plan--week = ISO week, e.g. 2026-W48 [default: this week]
cli-plan--day = A day (a day's plan, for short deals)
cli-plan--targets = new_leads, qualified, first_sales, first_revenue, repeat_revenue, calls, meetings = VALUE (0 removes)
cli-plan--json = Print JSON
cli-plan--person = A person's own week plan (calls, meetings, moves, payments): the head of sales sets anyone's, a person their own
segments-header = ID      SEGMENT        REVENUE (365 days)  NAME
segments-empty = no paying clients yet — segments come from paid orders (konveyer sale, paid)
segment-none = #{ $id } { $name } has no segment: no payment in the last 365 days (segments come from paid orders)
cli-import = Import clients from a CSV file (Excel, other CRMs) or a vCard address book; '-' reads standard input
cli-import--file = The file, or '-' for standard input
cli-import--format = csv, vcf, json (leads, or a dump from export) or xlsx (a spreadsheet: .xlsx, .xls, .ods) [default: from the file's extension, else csv]
cli-import--encoding = The file's encoding (utf-8, windows-1251, utf-16 …) [default: detected]
cli-import--dry-run = Show what would happen; write nothing
cli-import--source = The source of rows that name none
cli-import--stage = The station of rows that name none [default: telemarketer]
cli-import--map = What a column holds where its header does not say: 'HEADER=FIELD' (name, first, middle, last, company, phone, email, source, stage, status, value, currency, paid, created, closed, expected, lost-reason, owner, note, tags, next-step, next-step-text, last-call, stage-since, skip); again for more
cli-import--sheet = The spreadsheet's sheet to read (.xlsx, .xls, .ods), in any case [default: the first that lists clients]
cli-import--date-order = How dates written with slashes read: dmy (25/11/2026) or mdy (11/25/2026) [default: as a day over 12 in the file says; a file that never says is refused]
cli-import--json = Print the report as JSON
bulk-finishing = finishing: the indexes, the counts and the search index…
check-checking = checking: the file, its references, the counts and the search index…
import-dry-run = dry run — nothing was written
import-sheet-read = Read the sheet "{ $sheet }"; not read: { $others } — --sheet NAME reads another
import-money-values = { $dry ->
    [yes] { $count ->
        [one] 1 deal value would be kept as an expected deal
       *[other] { $count } deal values would be kept as expected deals
    }
   *[no] { $count ->
        [one] 1 deal value kept as an expected deal
       *[other] { $count } deal values kept as expected deals
    }
} (the seller's estimate) — no invoices, no chases
import-reminders = { $dry ->
    [yes] { $count ->
        [one] 1 next step would make a reminder
       *[other] { $count } next steps would make reminders
    }
   *[no] { $count ->
        [one] 1 next step made a reminder
       *[other] { $count } next steps made reminders
    }
} (the file's next tasks, due on their days)
import-money-paid = { $count ->
    [one] 1 payment from a won deal, dated { $from }
   *[other] { $count } payments from won deals, { $span ->
        [day] all dated { $from }
       *[days] dated { $from } to { $to }
    }
}; this week's revenue from them: { $week }
import-in-chunks = written { $rows } rows at a time, so that the rest of the team could write meanwhile
import-summary = { $unit ->
    [lead] { $rows ->
        [one] 1 lead
       *[other] { $rows } leads
    }
   *[line] { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    }
}: { $added } new, { $merged } merged, { $skipped } skipped, { $orders ->
    [one] 1 order
   *[other] { $orders } orders
}
import-merged = { $at }: merged into #{ $id } { $name } ({ $by }{ $in_file })
import-in-file = , added from this file
import-by-phone = same phone
import-by-email = same e-mail
import-by-name = same name, no phone or e-mail
import-no-name = { $at }: skipped — no name, company, e-mail or phone
import-invalid = { $at }: skipped — { $why }
import-unknown-stage = { $at }: stage '{ $stage }' not known — put at the { $default }
import-bad-amount = { $at }: amount '{ $amount }' is not a number — added without an order
import-bad-currency = { $at }: currency '{ $currency }' is not one konveyer reads — its amounts are taken as { $used }
import-currency-conflict = { $at }: amount '{ $amount }' is written in { $written }, but the currency column says { $used } — taken as { $used }
import-bad-email = { $at }: '{ $email }' is not an e-mail address — kept in the note
import-bad-phone = { $at }: phone '{ $phone }' is not a phone number — kept in the note
import-bad-date = { $at }: '{ $date }' is not a date konveyer reads (2026-11-25, 25.11.2026, 11/25/2026) — kept in the note
shares-line = added as a client of their own — the office line of #{ $id } { $name }, another name
import-shared-phone = { $at }: { shares-line }
import-refused = { $at }: skipped — the team database would not let you change #{ $id } { $name } ({ $why }); the card is as it was, for its owner or the head of sales to update
import-refused-owner = the card is { $owner }'s
import-note-owner = Owner
import-note-value = Value
import-note-email = E-mail
import-note-phone = Phone
import-note-created = Created
import-note-closed = Closed
import-note-expected = Expected
import-note-next-step = Next step
import-note-last-call = Last call
import-note-stage-since = Stage since
import-dates-guessed = dates such as { $date } (line { $row }; { $rows ->
        [one] one row
       *[other] { $rows } rows
    }) may be day or month first, and no row of the file says which: read month first, { $date } as { $read }
cli-export = Write the base out: CSV (a row per client), JSON (the whole database) or iCalendar (open reminders)
cli-export--format = csv, json or ics [default: from the file's extension, else csv]
cli-export--output = Write to FILE instead of standard output: whole or not at all, readable by you only (a pipe or a device is written into as it is; - is standard output)
cli-export--delimiter = The CSV's delimiter: ',' ';' (Russian Excel) or 'tab'
cli-export--todo = iCalendar: reminders as to-dos (VTODO) instead of events
exported = exported { $count } { $what } to { $path }
exported-clients = { $count ->
    [one] client
   *[other] clients
}
exported-rows = { $count ->
    [one] row
   *[other] rows
}
exported-reminders = { $count ->
    [one] reminder
   *[other] reminders
}
cli-segments = ABC(D) segments of the paying clients (last 365 days' revenue)
cli-segments--json = Print JSON
cli-dial = Dial client ID's phone with the dialler set in the config (`dial`); without one the number is copied to the clipboard through the terminal
cli-dial--id = The client's number
cli-dial--number = Which of the client's phone numbers: 1 is the one to dial first (the default), 2 and on its other numbers
cli-lose--back = The day to come back to them (WHEN: +3mo, 2027-03-01, 'in spring', 'in march' …): the agenda lists them then
cli-forecast = What the open expected deals are worth, weighted by the chance of a first payment measured from the conveyor's own flow
cli-forecast--weeks = The whole weeks before this one the conversions are measured over
cli-forecast--json = Print JSON
reports-forecast = Forecast: deals · chance · ≈ { $weighted }
forecast-title = Forecast of first payments (conversions measured { $from } … { $to }, { $weeks } weeks)
forecast-legend = clients · expected deals · × the station's conversion (its stays) → the chance of a first payment · ≈ weighted · median days to it
forecast-fallback = fewer than { $min } stays in those weeks: measured over the whole history
forecast-total = weighted in all: { $weighted }
forecast-left-out = not weighed: { $amount } in { $deals ->
    [one] one deal
   *[other] { $deals } deals
    } in { $currency } — the forecast weighs the { $weighs } deals alone
forecast-ahead = Expected first revenue ahead (weighted, on each deal's expected day or the station's median time)
cli-segment = Set a client's segment by hand (A, B, C, D) or back to auto
cli-segment--id = The client's number
cli-segment--segment = A, B, C, D or auto
cli-segment--note = Why (potential matters too)
cli-segment--until = The last day the override holds
err-bad-segment = unknown segment '{ $input }' — use A, B, C, D or auto
text-segment = segment
text-expected = expected
expected-by = { $value } by { $day }
board-segment = Segment
board-referred-by = Referred by
board-value = Value
board-expected = Expected
board-back-on = Back on
board-referrals = Referrals
board-referred-n = { $n ->
    [one] referred { $n } client
   *[other] referred { $n } clients
} (a: add one more)
header-plan = plan:
header-today = today:
metric-new_leads = leads
metric-qualified = qualified
metric-first_sales = first sales
metric-first_revenue = 1st revenue
metric-repeat_revenue = repeat
metric-calls = calls
metric-meetings = meetings
board-loss-own-words = t  own words…    Esc  cancel
loss-reason-1 = no budget
loss-reason-2 = not a target
loss-reason-3 = chose a competitor
loss-reason-4 = no answer after several tries
loss-reason-5 = postponed

## Team mode
activity-assigned = reassigned
activity-rotated = rotated
timeline-handed = { $from } → { $to }
timeline-by = by { $login }
text-owner = owner
user-added = { $login } ({ $name }) added: { $stations }; cards of these stations nobody owned: { $took }, now theirs
user-first-is-head = the first person heads sales, so that the team can grow: they add the others
user-none = no people yet — add them with: konveyer user add NAME --login LOGIN --stations hunter,farmer [--head]
user-head = head of sales
user-away = away
user-off = { $login } is away: hand-offs and rotation skip them
user-on = { $login } is back
user-off-team = { $login } is away: hand-offs and rotation skip them, and their role may no longer sign in to the team
user-on-team = { $login } is back and may sign in to the team again
settings-saved = the team's settings are saved: everyone's next command and board use them
err-settings-local = a local base runs by your config file — edit it (konveyer settings prints what is in force)
cli-settings = Print the settings a team shares (rules, stations, segments, currency); the head of sales sets them --from a file
cli-settings--from = Replace the team's settings with those of FILE (TOML, as printed; the head of sales)
user-password-set = { $login }'s password is set on the team server
team-set-up = the team is set up on { $url }: its people are PostgreSQL roles in { $members } (heads of sales also in { $heads }); let them in through pg_hba.conf (hostssl … scram-sha-256, or cert for those who sign in by a certificate) and add them with konveyer user add
password-ask = password for { $login }:{" "}
password-again = the same again:{" "}
assigned = #{ $id } { $name } is now { $login }'s
team-title = The team on { $date } (week { $week })
team-today = today
team-week = this week
team-plan = plan
team-done = { $calls ->
    [one] { $calls } call
   *[other] { $calls } calls
}, { $meetings ->
    [one] { $meetings } meeting
   *[other] { $meetings } meetings
}, { $moves ->
    [one] { $moves } move
   *[other] { $moves } moves
}, { $payments ->
    [one] { $payments } payment
   *[other] { $payments } payments
}
team-open = { $cards ->
    [one] { $cards } card
   *[other] { $cards } cards
}: { $overdue } overdue, { $stale } stale, { $bare } with no next step
team-farmer-load = farmer load { $count }/{ $capacity }
team-hand-offs = hand-offs in 30 days: { $received }, waiting for a first touch: { $waiting }, median to first touch { $median } h
team-hand-offs-untouched = hand-offs in 30 days: { $received }, waiting for a first touch: { $waiting }
rotate-would = { $count ->
    [0] no farmer client has gone { days } without a payment: none would rotate
    [one] would rotate 1 farmer client with no payment for { days }:
   *[other] would rotate { $count } farmer clients with no payment for { days }:
}
rotate-done = { $count ->
    [0] no farmer client has gone { days } without a payment: none rotated
    [one] rotated 1 farmer client with no payment for { days }:
   *[other] rotated { $count } farmer clients with no payment for { days }:
}
rotate-kept = { $count ->
    [one] 1 stays where it is (no other farmer present with room):
   *[other] { $count } stay where they are (no other farmer present with room):
}
plan-set-person = { $login }'s plan for { $key } saved
plan-none-person = no plan for { $login } in { $key } — set targets: konveyer plan --for { $login }{ $how } calls=40 meetings=10 (or moves, payments)
err-changed-by = #{ $id } was changed by { $login } a moment ago — reloaded; look at it and try again
err-changed = #{ $id } was changed by someone else a moment ago — reloaded; look at it and try again
err-unknown-user = '{ $login }' is not one of this conveyor's people — set KONVEYER_USER (or --user) to your login from `konveyer user list`, or ask the head of sales to add you
err-who-are-you = this conveyor has people and konveyer does not know which one you are — set KONVEYER_USER (or --user) to your login from `konveyer user list`
err-not-head = only the head of sales may do that ('{ $login }' is not one) — see `konveyer user list`
err-user-exists = there is already a person with the login '{ $login }' — see `konveyer user list`
err-not-your-login = you are signed in to the team database as '{ $role }', so you cannot act as '{ $asked }' — unset KONVEYER_USER (or --user), or connect as { $asked } (the user in the address, or PGUSER)
err-server-refused = the team database refused this: { $why } (on a team, cards are changed by their owners; people, plans, settings, deletions and merges by the head of sales)
server-card-owner = card { $id } is { $owner }'s
server-not-station = { $login } does not work the { $stage } station
server-not-login = { $login } is not a login
server-role-exists = the role { $login } exists on the server already and keeps its own password; add them with --no-password
server-head-adds = only the head of sales adds people
server-head-switches = only the head of sales turns people off and on
server-head-self = the head of sales cannot turn themselves off
server-head-plan = only the head of sales sets another person's plan
server-head-password = only the head of sales sets another person's password
server-not-person = { $login } is not a person of this team
server-role-foreign = the role { $login } was not made by this team and keeps its own password (they set it themselves, or the server's admin does)
server-policy = new row violates row-level security policy for table "{ $table }"
server-denied = permission denied for table { $table }
err-password-needed = a person on a team database needs a password and there is no terminal to ask it on — give --password-file FILE (yours alone: chmod 600), or --no-password for a role that signs in by peer or certificate
err-password-local = passwords belong to a team database; the people of a local file have none — leave out --password-file
err-password-file = cannot read the password file { $path }: { $why } — give a file whose first line is the password
err-passwords-differ = the two passwords differ — nothing was changed; try again
err-password-empty = an empty password — type one, or give a file whose first line is the password
err-import-partial = { $done ->
    [0] the import wrote nothing: { $why }
   *[other] the import stopped after { $done } of { $total } rows: { $why } — those rows are in; run the same import again and the rows with a phone or e-mail are merged, not added twice
}
err-team-set-up = the team on { $url } is set up already and has people — add more with konveyer user add (as the head of sales)
err-no-user = no person with the login '{ $login }' — see `konveyer user list`
err-user-away = { $login } is away — mark them back with `konveyer user on { $login }` or choose someone else
err-bad-login = '{ $login }' is not a login — use lower-case Latin letters, digits, '.', '-' or '_', starting with a letter, at most 63
err-no-farmer = no other farmer is present with room to rotate to — add one with `konveyer user add … --stations farmer`
err-bad-idle = '{ $input }' is not a length of time — use days or weeks, like 60d or 8w
err-bad-person-metric = '{ $input }' is not a person's target — use calls, meetings, moves or payments = a number, like calls=40
cli--user = Who you are on a team database (a login of `konveyer user list`) [default: the OS login]
cli-user = The people of a team conveyor: add, list, mark away or back
cli-user-add = Add a person working some stations
cli-user-add--name = The person's name
cli-user-add--login = Their login: on a team database, their PostgreSQL role (lower-case Latin letters, digits, . - _)
cli-user-add--stations = Comma-separated stations: telemarketer,qualifier,hunter,closer,farmer (or first letters)
cli-user-add--head = The head of sales (may reassign, rotate, add people)
cli-user-list = List the people
cli-user-list--json = Print JSON
cli-user-off = Mark a person away: hand-offs and rotation skip them; on a team database they can no longer sign in
cli-user-off--login = Their login
cli-user-on = Mark a person back (on a team database: may sign in again)
cli-user-on--login = Their login
cli-user-add--password-file = Read their password from the first line of FILE (yours alone: chmod 600); otherwise it is asked on the terminal
cli-user-add--no-password = No password: the role signs in only where the server trusts it (peer, certificate)
cli-user-password = Set a person's password on the team server (yours, or anyone's by the head of sales)
cli-user-password--login = Their login
cli-user-password--password-file = Read the password from the first line of FILE (yours alone: chmod 600); otherwise it is asked on the terminal
cli-migrate-to = Copy the local database (ids and history kept) into an empty team database on PostgreSQL
cli-migrate-to--url = The team database: a postgresql://user@host/dbname URL, or libpq's host=… dbname=… pairs
cli-init-team = Set a team up on its PostgreSQL database (as its admin): roles, schema, the server's rules, the head of sales
cli-init-team--head = The head of sales' login (their PostgreSQL role)
cli-init-team--name = The head of sales' name
cli-init-team--stations = Comma-separated stations the head of sales works too
cli-init-team--password-file = Read the head of sales' password from the first line of FILE (yours alone: chmod 600); otherwise it is asked on the terminal
cli-init-team--no-password = No password: the role signs in only where the server trusts it (peer, certificate)
cli-assign = Give client ID to another person (the head of sales)
cli-assign--id = The client's number
cli-assign--login = The person's login
cli-team = The head of sales' day: per person calls, moves, payments against plan, open work, hand-offs
cli-team--json = Print JSON
cli-rotate = Give farmer clients that have not paid for a while to other farmers in turn
cli-rotate--idle = How long without a payment: 60d, 8w, 90 (days)
cli-rotate--from = Only this person's clients
cli-rotate--dry-run = Only say what would move
cli-rotate--json = Print JSON
help-toggle-mine = team: my cards / everyone's
help-team = team: the head of sales' day
help-assign = team: reassign the card
board-no-team = this conveyor has no people — see `konveyer user add` (team mode)
board-showing-mine = showing your cards (o: everyone's)
board-showing-all = showing everyone's cards, with the owner's initials (o: yours)
board-assign-title = Give to
board-assign-login = Login
moved-handed = now { $login }'s

## clap's own words: the help's headings and flags, usage errors (one line)
usage-heading = Usage
usage-commands = Commands
usage-arguments = Arguments
usage-options = Options
usage-help = Print help
usage-version = Print version
usage-help-command = Print this message or the help of the given subcommand(s)
usage-default = default
usage-choices = possible values
usage-env = env
usage-see-help = see `{ $command } --help`
usage-bad-choice = '{ $value }' is not a value of { $arg }: use { $choices }
usage-rejected = '{ $value }' is not a value of { $arg }
usage-rejected-hint = '{ $value }' is not a value of { $arg }: use { $hint }
usage-not-whole = '{ $value }' is not a whole number ({ $arg })
usage-unknown-argument = unexpected argument '{ $arg }'
usage-unknown-command = unknown command '{ $command }'
usage-missing = missing { $what }
usage-needs-command = { $command } needs one of its commands: { $commands }
usage-conflict = { $arg } cannot be used with { $other }
usage-twice = { $arg } is given more than once
usage-not-utf8 = an argument is not valid UTF-8
usage-values = the wrong number of values for { $arg }
usage-other = the command line cannot be read
usage-did-you-mean = did you mean '{ $suggested }'?
