# vaxkit web pages — English (the base locale for every page text).

page-skip = Skip to the content
page-nav-languages = Language
page-nav-main = Main menu
page-nav-find = Find a vaccination session
page-nav-login = Log in
page-nav-me = My family
page-nav-vaccinator = Today's queue
page-nav-staff = Staff log in
page-logout = Log out
page-staff-logout = Staff log out
page-back = Back
page-back-home = Back to the home page
page-error-title = This did not work
page-csrf-refused = This form has expired. Go back, reload the page and send it again.
page-expected-person = at least one person chosen

page-home-title = Vaccination
page-home-intro = Register your family, book a vaccination session near you and download the certificates.
page-home-citizen = Register or book

page-find-title = Find a vaccination session
page-find-region = Region
page-find-any-region = Choose a region
page-find-postal-code = Or postal code
page-find-date = Day
page-find-search = Search
page-find-results = Sessions that day
page-find-week = Sessions this week at this centre
page-find-centre-week = This centre's week
page-find-doses = Doses { $doses }
page-find-available = { $count ->
        [one] { $count } place left
       *[other] { $count } places left
    }
page-find-book = Book
page-find-none = No session found. Try another day or place.
page-find-pages = Pages of results
page-find-previous = Previous page
page-find-next = Next page
page-find-page = Page { $page } of { $pages }

page-login-title = Log in with your mobile number
page-login-mobile = Mobile number
page-login-send = Send me a code
page-code-title = Enter the code
page-code-sent = We sent a code by SMS to your mobile number.
page-code-label = Code from the SMS
page-code-check = Log in
page-code-again = Send a new code

page-me-title = My family
page-me-appointments = Appointments
page-me-appointment = { $name }: { $date }, { $slot }, { $facility }
page-me-people = People
page-me-dose = Dose { $dose }: { $vaccine }, { $date }
page-me-no-dose = No dose recorded yet.
page-me-certificate = Certificate
page-me-book = Book a vaccination
page-me-correct = Correct the details
page-me-remove = Remove { $name }
page-me-nobody = Nobody is registered yet.
page-me-add = Add a person

page-person-new = Add a person
page-person-correct = Correct the details
page-person-once = Each detail can be corrected once.
page-person-name = Name as on the identity document
page-person-latin-name = Name in Latin letters, as in the passport
page-person-latin-name-hint = Needed for certificates read abroad when the name is written in another script, such as Devanagari or Thai.
page-person-birth-date = Date of birth
page-person-birth-year = Year of birth
page-person-gender = Gender
page-person-id-scheme = Identity document
page-person-id-number = Document number
page-person-save = Register
page-person-save-correction = Save the correction

page-book-title = Book
page-book-session = { $vaccine } on { $date }: { $count ->
        [one] { $count } place left
       *[other] { $count } places left
    }.
page-book-slot = Time
page-book-people = Who is coming
page-book-confirm = Book these people

page-slip-title = Appointment slip
page-slip-name = Person
page-slip-when = When
page-slip-where = Where
page-slip-vaccine = Vaccine
page-slip-dose = dose { $dose }
page-slip-status = Status
page-slip-code = Security code:
page-slip-show = Show this code at the centre.
page-slip-cancel = Cancel this appointment
page-status-booked = Booked
page-status-cancelled = Cancelled
page-status-done = Vaccinated

page-cert-title = Vaccination certificate
page-cert-qr = Show this QR code to be checked.
page-cert-pdf = Download the certificate (PDF)

page-staff-title = Staff log in
page-staff-username = Username
page-staff-password = Password
page-staff-login = Log in

page-queue-title = Today's queue
page-queue-lookup = Security code
page-queue-find = Find
page-queue-day = Appointments on { $day }
page-queue-record = Record the dose
page-queue-empty = Nobody is waiting.
page-queue-recorded = Dose recorded ({ $reference }).
page-record-title = Record a dose
page-record-vaccine = Vaccine
page-record-dose = Dose number
page-record-batch = Batch number from the vial
page-record-override = Reason to give the dose anyway (only if refused)
page-record-save = Record the dose

## The offline vaccinator's sync.

sync-expected-at-most = at most { $count } doses in one request
sync-expected-recent = a time within the last { $days } days, not in the future

## The offline vaccinator.

page-offline-title = Today's queue, offline
page-offline-online = Connected: doses are sent as they are recorded.
page-offline-offline = No connection: doses are kept on this phone and sent when the connection is back.
page-offline-waiting = Doses waiting to be sent: { $count }
page-offline-refused = Doses refused
page-offline-refusal = { $name }: { $reason }
page-offline-person = Person
page-offline-noscript = Without JavaScript this page needs a connection: record each dose from the list below.
page-queue-offline = Work without a connection

## Public pages: certificate verification and the dashboard.

page-nav-verify = Check a certificate
page-nav-dashboard = Figures
page-verify-title = Check a vaccination certificate
page-verify-paste = Paste the text of the QR code
page-verify-check = Check
page-verify-holder = Holder:
page-verify-photo = Or choose a photo of the QR code
page-verify-camera = Use the camera
page-verify-no-code = No QR code could be read. Try a sharper photo, or paste the text.
page-verify-expected-photo = a PNG or JPEG photo with a readable QR code
page-dashboard-title = Vaccination figures
page-dashboard-from = From
page-dashboard-until = Until
page-dashboard-show = Show
page-dashboard-total = Doses given in this period
page-dashboard-per-day = Doses per day
page-dashboard-per-region = Doses per region
page-dashboard-per-vaccine = Doses per vaccine
page-dashboard-table = The figures as a table
page-dashboard-day = Day
page-dashboard-doses = Doses

## Administrators' reports.

page-nav-reports = Reports
page-admin-reports-title = Vaccination reports
page-admin-region-all = all regions in your scope
page-admin-csv = Download as CSV
page-admin-per-dose = Doses by dose number
page-admin-per-age = Doses by age band
page-admin-per-gender = Doses by gender
page-admin-coverage = Coverage against population
page-admin-population = Population
page-admin-first-dose-percent = First doses per 100 people

## Walk-ins.

page-walk-in-title = Someone without an appointment
page-queue-walk-in = Someone without an appointment

## Moving an appointment.

page-slip-move = Move to another day or place
page-find-moving = Choose the new session for this appointment.
page-book-moving = The appointment moves here; the old place is given back.
page-book-move = Move the appointment here

## Adverse events after immunisation (AEFI).

page-aefi-title = Report a problem after a vaccination
page-aefi-link = Report a problem after this dose
page-aefi-onset = First day of the symptoms
page-aefi-symptoms = Symptoms
page-aefi-seriousness = Was it serious? (leave empty if not)
page-aefi-outcome = Outcome so far
page-aefi-description = What happened, in your words
page-aefi-send = Send the report
page-aefi-reported = Report sent ({ $reference }). Thank you: a health worker may contact you.
aefi-symptom-fever = Fever
aefi-symptom-injection-site-reaction = Pain, redness or swelling where the injection was given
aefi-symptom-headache = Headache
aefi-symptom-fatigue = Tiredness
aefi-symptom-myalgia = Muscle pain
aefi-symptom-nausea = Nausea
aefi-symptom-vomiting = Vomiting
aefi-symptom-diarrhoea = Diarrhoea
aefi-symptom-rash = Rash
aefi-symptom-allergic-reaction = Allergic reaction
aefi-symptom-anaphylaxis = Anaphylaxis (severe allergic reaction)
aefi-symptom-syncope = Fainting
aefi-symptom-seizure = Seizure
aefi-symptom-thrombosis = Blood clot
aefi-symptom-myocarditis = Inflammation of the heart (myocarditis)
aefi-symptom-other = Something else
aefi-serious-death = Death
aefi-serious-life-threatening = Life-threatening
aefi-serious-hospitalisation = Admitted to hospital
aefi-serious-disability = Lasting disability
aefi-serious-congenital-anomaly = Birth defect
aefi-serious-other-medically-important = Other medically important event
aefi-outcome-recovered = Recovered
aefi-outcome-recovering = Recovering
aefi-outcome-not-recovered = Not recovered
aefi-outcome-recovered-with-sequelae = Recovered with lasting effects
aefi-outcome-fatal = Died
aefi-outcome-unknown = Not known

## Administrators' lists.

page-admin-aefi-title = Adverse event reports
page-admin-aefi-all = All reports
page-admin-aefi-serious-only = Serious reports only
page-admin-aefi-serious = Serious
page-admin-aefi-none = No report.
page-admin-facilities-title = Facilities
page-admin-facilities-import = Facilities are added and changed in bulk with `vaxkit import facilities FILE.csv`, which lists each rejected line with its reason.
page-admin-facility-code = Code
page-admin-facility-name = Name
page-admin-facility-open = Open
page-admin-facility-closed = Closed
page-admin-import-link = Import a CSV file
page-admin-import-title = Import facilities
page-admin-import-help = Paste a CSV file whose first row is { $columns }; lines starting with # are comments. New codes are added and known codes updated; refused rows are listed with their line, and the other rows are imported.
page-admin-import-file = CSV file
page-admin-import-submit = Import
page-admin-import-done = { $added } added, { $updated } updated, { $unchanged } unchanged, { $rejected } refused.
page-admin-import-rejected = Refused rows
page-admin-import-line = Line { $line }: { $reason }
page-admin-import-header = The first row must be { $columns }.
page-admin-import-unreadable = it is not readable CSV (check its quotes)
page-admin-import-fields = it has { $found } fields, the first row has { $expected }
page-admin-import-number = “{ $value }” is not a number
page-admin-import-code = the code must be 2 to 32 characters of A–Z, 0–9, - and _
page-admin-import-text = the name and the address must be 1 to 200 characters
page-admin-import-region = the region is not in the profile
page-admin-import-postal = the postal code does not match the country’s rule
page-admin-import-coordinates = latitude and longitude must both be given, within -90 to 90 and -180 to 180
page-admin-import-scope = the facility’s region is outside your scope
page-admin-sessions-title = Sessions
page-admin-sessions-facility = Facility
page-admin-sessions-show = Show
page-admin-sessions-from = First day
page-admin-sessions-until = Last day
page-admin-sessions-none = No sessions in this period.
page-admin-sessions-vaccine = Vaccine
page-admin-sessions-doses = Doses
page-admin-sessions-ages = Ages
page-admin-sessions-slots = Slots
page-admin-sessions-booked = Booked online
page-admin-sessions-booked-of = { $booked } of { $capacity }
page-admin-sessions-walk-in = Kept for walk-ins
page-admin-sessions-cancelled = Cancelled
page-admin-sessions-reason = Reason for cancelling
page-admin-sessions-cancel = Cancel the session
page-admin-sessions-plan = Plan sessions
page-admin-sessions-plan-help = One session each day from the first day to the last. Doses as 1,2; slots as 09:00-11:00, separated by spaces.
page-admin-sessions-min-age = Minimum age (years)
page-admin-sessions-max-age = Maximum age (years, optional)
page-admin-sessions-capacity = Places per session
page-admin-sessions-share = Part kept for walk-ins (%, optional)
page-admin-sessions-submit = Plan
page-admin-staff-title = Staff
page-admin-staff-disable = Disable { $username }
page-admin-staff-disabled = Disabled
page-admin-staff-new = New account
page-admin-staff-name = Full name
page-admin-staff-password = Initial password (at least 12 characters)
page-admin-staff-role = Role
page-admin-staff-region = Region code (region admins, regional auditors)
page-admin-staff-facility = Facility code (facility admins, vaccinators)
page-admin-staff-create = Create the account
page-staff-role-national-admin = National administrator
page-staff-role-region-admin = Region administrator
page-staff-role-facility-admin = Facility administrator
page-staff-role-vaccinator = Vaccinator
page-staff-role-verifier = Verifier
page-staff-role-auditor = Auditor
page-admin-corrections-title = Corrections
page-admin-corrections-reference = Person’s reference
page-admin-corrections-find = Find
page-admin-corrections-merged = Merged into { $reference }
page-admin-corrections-is-revoked = Revoked: { $reason }
page-admin-corrections-correct = Correct this dose
page-admin-corrections-blank = Fill in only what changes; blank fields stay as they are.
page-admin-corrections-batch = Batch
page-admin-corrections-given-on = Day given
page-admin-corrections-reason = Reason (kept in the audit log)
page-admin-corrections-save = Save the correction
page-admin-corrections-revoke = Revoke this dose
page-admin-corrections-corrected = The dose is corrected.
page-admin-corrections-revoked = The dose is revoked.
