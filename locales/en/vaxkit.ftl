# vaxkit — English messages. This is the base locale: every other locale must define
# every message here with the same variables (checked by `vaxkit locales check`).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = English

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Eligible for dose { $dose } from { $earliest }.
schedule-eligible-until = Eligible for dose { $dose } from { $earliest } until { $latest }.
schedule-overdue = Dose { $dose } is overdue: it was due by { $latest }. It can still be given.
schedule-too-young = Not eligible yet because of age: eligible from { $date }.
schedule-too-young-no-date = Not eligible: the minimum age is { $min_years ->
        [one] { $min_years } year
       *[other] { $min_years } years
    }.
schedule-too-old = Not eligible: this vaccine is given only up to the age of { $max_years ->
        [one] { $max_years } year
       *[other] { $max_years } years
    }.
schedule-too-early = Too early for dose { $dose }: it can be given from { $earliest }.
schedule-series-complete = The vaccination series is complete: no further dose is due.
schedule-product-mix = Dose { $dose } must be { $expected }, the vaccine of the earlier doses, not { $product }.
schedule-not-offered = Dose { $dose } is not offered on { $date }.
schedule-not-available = { $product } is not available on { $date }.

## Identity numbers.

id-valid = Valid { $scheme } number.
id-invalid-format = This is not a valid { $scheme } number: check the number of characters and their kind.
id-invalid-character = This is not a valid { $scheme } number: the character “{ $character }” is not allowed.
id-invalid-check-digit = This is not a valid { $scheme } number: the check digit does not match. Check for a mistyped digit.
id-invalid-date = This is not a valid { $scheme } number: the date of birth in it is not a real date.

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = Female
gender-male = Male
gender-other = Other

## SMS texts (sent without isolation marks; keep them short).

sms-otp = Your vaxkit login code is { $code }. It is valid for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Do not share it with anyone.
sms-session-cancelled = Sorry, the vaccination session of { $date } at { $facility } was cancelled, and with it the appointment of { $name }. Please book another.
sms-appointment-booked = Appointment confirmed for { $name } on { $date }, { $slot }, at { $facility }. Security code: { $code }.
# `vaxkit notify test`: one message that checks the profile's SMS gateway or email sender.
notify-test-sms = vaxkit test message for { $country }: SMS delivery works.
notify-test-email-subject = vaxkit test message
notify-test-email = This is a test message from vaxkit for { $country }. If you can read it, email delivery works.
sms-registered = { $name } is registered for vaccination (reference { $reference }). Text HELP to this number for the SMS commands.
sms-appointment-cancelled = The appointment of { $name } on { $date } at { $facility } is cancelled.
sms-reminder = Reminder: { $name } has a vaccination appointment tomorrow, { $date }, { $slot }, at { $facility }. Security code: { $code }.
sms-appointment-missed = { $name } missed the vaccination appointment of { $date }. Book a new one at { $link }
sms-dose-recorded = Dose { $dose } of { $vaccine } was recorded for { $name }. Certificate: { $link }
sms-dose-due = Dose { $dose } of { $vaccine } is now due for { $name }. Book at { $link } or text BOOK and your postal code.
# SMS commands from feature phones: the keywords (matched without regard to case; the English
# ones are understood in every language) and the answers, each within two SMS.
sms-keyword-next = NEXT
sms-keyword-book = BOOK
sms-keyword-cancel = CANCEL
sms-keyword-help = HELP
sms-cmd-help = vaxkit by SMS: NEXT - next dose and appointments; BOOK and a postal code - places near you; CANCEL - cancel an appointment.
sms-cmd-no-account = No one is registered with this number. Register online or at a vaccination centre.
sms-cmd-none = There is no open appointment for this number.
sms-cmd-expired = There is nothing to choose from now. Text BOOK and your postal code, or CANCEL, first.
sms-cmd-no-sessions = No free place near { $postal_code } in the coming days for the people of this number.
sms-cmd-refused = Not done: { $reason }
sms-cmd-offer-book = Reply with the number to book:
sms-cmd-offer-cancel = Reply with the number to cancel:
sms-cmd-line-book = { $number }. { $name }: { $date }, { $facility }
sms-cmd-line-cancel = { $number }. { $name }: { $date }
sms-cmd-status-booked = { $name }: appointment { $date } at { $facility }, code { $code }
sms-cmd-status-due = { $name }: dose { $dose } of { $vaccine } from { $date }
sms-cmd-status-complete = { $name }: no dose due
sms-cmd-status-none = { $name }: no dose recorded yet

## API errors: the message of each error code of the JSON API (`error-` + the code with `-`).

error-bad-request = The request is not valid.
error-invalid-json = The request body is not valid JSON, or does not have the expected form (line { $line }, column { $column }).
error-unknown-field = The field “{ $field }” is not accepted here.
error-invalid-field = The field “{ $field }” must be { $expected }.
error-payload-too-large = The request body is too large.
error-not-found = Nothing was found at this address.
error-method-not-allowed = This method is not allowed at this address.
error-unauthorized = You need to log in to do this.
error-forbidden = You are not allowed to do this.
error-rate-limited = Too many requests. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
error-unsupported-media-type = The request body must be JSON, sent with “Content-Type: application/json”.
error-service-unavailable = The service is temporarily unavailable. Please try again shortly.
error-storage-full = The service cannot save anything right now. Please try again later.
error-internal-error = Something went wrong on our side. Please try again later.
error-invalid-mobile = This mobile number is not valid. Check the number of digits.
error-otp-resend-too-soon = A code was sent a moment ago. You can ask for a new one in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
error-otp-daily-limit = Too many codes were sent to this number today (at most { $count }). Try again tomorrow.
error-otp-invalid = This code is not correct. Check the SMS and try again.
error-otp-expired = This code has expired. Ask for a new one.
error-otp-used = This code has already been used. Ask for a new one.
error-otp-attempts-exceeded = Too many wrong tries for this code. Ask for a new one.
error-session-expired = You were logged out after a period without activity. Please log in again.
error-invalid-name = Enter the name as written on the identity document (1 to 100 characters).
error-invalid-name-character = The name contains a hidden or control character ({ $character }) that could make it display as something else. Type it again without it.
error-latin-name-required = The name is written in a script that certificates read abroad cannot carry: also give it in Latin letters, as in the passport (latin_name).
error-invalid-latin-name = The name in Latin letters may hold only Latin letters, spaces, hyphens and apostrophes; { $character } is not one.
error-invalid-birth = This date or year of birth is not possible.
error-birth-date-required = Enter the full date of birth.
error-invalid-gender = Choose one of the genders offered: { $allowed }.
error-invalid-language = Choose one of the languages offered.
error-unknown-id-scheme = Choose one of the identity documents offered.
error-invalid-id-number = { $reason }
error-duplicate-id-number = This identity number is already registered. Each person can be registered only once.
error-beneficiary-limit-reached = This account already has the most people allowed ({ $limit }).
error-beneficiary-not-found = This person is not registered under your account.
error-already-corrected = { $field ->
        [name] The name
        [birth] The date of birth
        [gender] The gender
       *[other] The field “{ $field }”
    } has already been corrected once and cannot be changed again.
error-nothing-to-change = Nothing to change was given.
error-beneficiary-has-doses = A person with a recorded dose cannot be removed.
error-region-not-found = This region does not exist.
error-facility-not-found = This vaccination centre does not exist.
error-invalid-query = The search is not complete or combines options that do not go together.
error-invalid-date = This date is not valid. Use the form YYYY-MM-DD.
error-invalid-postal-code = This postal code is not valid.
error-invalid-coordinates = This location is not valid.
error-unknown-vaccine = This vaccine is not offered here.
error-session-not-found = This vaccination session does not exist or was cancelled.
error-outside-booking-window = This session cannot be booked now: bookings open { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ahead and close on the day itself.
error-invalid-slot = Choose one of the time slots of this session.
error-invalid-beneficiary-list = Choose each person to book once, and at least one.
error-already-booked = { $name } already has an appointment. Cancel or reschedule it first.
error-not-eligible = { $action ->
        [record] This dose may not be given to { $name } today: { $reason }
       *[book] { $name } cannot be booked: { $reason }
    }
error-wrong-dose = This would be dose { $dose } for this person.
error-dose-not-offered = This session does not offer dose { $dose }.
error-age-not-allowed = { $name } is not in the age group of this session.
error-session-full = This session is fully booked. Choose another session.
error-appointment-not-found = This appointment does not exist under your account.
error-appointment-not-open = This appointment is no longer open.
error-invalid-credentials = The username or the password is not correct.
error-invalid-username = A username has 3 to 64 letters, digits, dots, dashes or underscores.
error-username-taken = This username is already taken.
error-weak-password = The password needs at least 12 characters.
error-invalid-scope = This role and scope do not go together: { $reason }
error-invalid-facility-code = A facility code has 2 to 32 capital letters, digits, dashes or underscores.
error-facility-exists = A facility with this code already exists.
error-invalid-session-dates = Sessions can be planned from today on, for at most { $days } days at a time.
error-vaccine-not-available = This vaccine is not in use on { $date }.
error-invalid-doses = Choose dose numbers from 1 to { $max }.
error-invalid-age-limits = The age limits are not valid: the minimum must be 0 to 150 and not above the maximum.
error-invalid-capacity = The capacity must be 1 to 100000 places, and the walk-in share between 0 and 1.
error-invalid-slots = Give 1 to 48 time slots written as HH:MM-HH:MM, each starting before it ends.
error-reason-required = Give a reason (1 to 500 characters).
error-invalid-idempotency-key = Each dose needs an idempotency key of 8 to 100 characters, made once by the app.
error-invalid-batch = Enter the batch number from the vial (1 to 64 characters).
error-duplicate-request = This request key was already used for another dose. Make a new key for each dose.
error-idempotency-key-reused = This request key was already used for a different dose (another person, vaccine, batch, dose number or override). Make a new key for each dose.
error-dose-not-found = This dose was not found among the doses you may report on.
error-invalid-aefi = The report is not complete or not valid: check the field “{ $field }”.
error-dose-revoked = This dose has been revoked; a revoked dose cannot be changed or revoked again.
error-merge-conflict = Both records hold dose { $dose }. Revoke the wrong one first, then merge.
error-merge-self = A record cannot be merged into itself: give two different records.
error-no-certificate = There is no certificate yet: no dose has been recorded for this person.
error-certificate-not-available = Vaccination certificates cannot be downloaded from this server yet.

## Why a role and a scope do not go together (the reason of `error-invalid-scope`).

scope-needs-region = a { $role } needs a region, and no facility
scope-needs-facility = a { $role } needs a facility, and no region
scope-needs-nothing = a { $role } has no region or facility
scope-unknown-region = the region “{ $region }” is not in the profile

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = Provisional vaccination certificate
certificate-title-final = Final vaccination certificate
certificate-title-booster = Booster vaccination certificate
certificate-name = Name
certificate-birth = Date of birth
certificate-identifier = Identity document
certificate-vaccine = Vaccine
certificate-manufacturer = Manufacturer
certificate-lot = Batch
certificate-date = Date of vaccination
certificate-dose = Dose
certificate-dose-of = { $dose } of { $total }
certificate-centre = Vaccination centre
certificate-country = Country
certificate-next-dose = Next dose due from
certificate-issuer = Issued by
certificate-id = Certificate ID
certificate-footer = Scan the QR code to verify this certificate.
certificate-valid = This certificate is valid.
certificate-invalid = This certificate is not valid ({ $reason }).


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = text
json-expected-integer = a whole number
json-expected-number = a number
json-expected-boolean = true or false
json-expected-list = a list
json-expected-object = an object
json-expected-date = a date written YYYY-MM-DD
json-expected-one-of = one of: { $values }
json-expected-present = given (it is required)
json-expected-other = of another form

## Forecast (`vaxkit forecast`): each dose judged, and the next dose of each vaccine group.
forecast-dose-valid = Dose { $number } ({ $date }, { $product }): valid.
forecast-dose-not-valid = Dose { $number } ({ $date }, { $product }): does not count: { $reason }.
forecast-group-due = { $group }: dose { $dose } from { $earliest }, recommended on { $recommended }.
forecast-group-due-until = { $group }: dose { $dose } from { $earliest }, recommended on { $recommended }, overdue after { $past_due }.
forecast-group-status = { $group }: { $status }.
forecast-status-not-complete = not complete
forecast-status-complete = complete
forecast-status-aged-out = too old to finish the series
forecast-status-immune = immune
forecast-status-not-recommended = no dose recommended now
forecast-reason-too-young = given below the minimum age
forecast-reason-too-old = given above the maximum age, not needed
forecast-reason-too-soon = given too soon after the dose before
forecast-reason-live-virus-conflict = given too soon after another live vaccine
forecast-reason-not-allowable = this vaccine does not count for this dose
forecast-reason-inadvertent = given by mistake
forecast-reason-series-complete = not needed, the series was already complete
forecast-reason-not-evaluated = no series of the profile covers this vaccine
