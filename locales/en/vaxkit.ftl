# vaxkit — English messages. This is the base locale: every other locale must define
# every message here with the same variables (checked by `vaxkit locales check`).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = English

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Eligible for dose { $dose } from { $earliest }.
schedule-eligible-until = Eligible for dose { $dose } from { $earliest } until { $latest }.
schedule-overdue = Dose { $dose } is overdue: it was due by { $latest }. It can still be given.
schedule-too-young = Not eligible yet: the minimum age is { $min_years ->
        [one] { $min_years } year
       *[other] { $min_years } years
    }, reached on { $date }.
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
