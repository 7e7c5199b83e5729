# vaxkit — Kiswahili (Swahili) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Kiswahili

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Anastahili kupata dozi ya { $dose } kuanzia { $earliest }.
schedule-eligible-until = Anastahili kupata dozi ya { $dose } kuanzia { $earliest } hadi { $latest }.
schedule-overdue = Muda wa dozi ya { $dose } umepita: ilipaswa kutolewa kufikia { $latest }. Bado inaweza kutolewa.
schedule-too-young = Bado hajastahili: umri wa chini ni { $min_years ->
        [one] mwaka { $min_years }
       *[other] miaka { $min_years }
    }, ambao atautimiza tarehe { $date }.
schedule-too-old = Hastahili: chanjo hii hutolewa tu hadi umri wa { $max_years ->
        [one] mwaka { $max_years }
       *[other] miaka { $max_years }
    }.
schedule-too-early = Ni mapema mno kwa dozi ya { $dose }: inaweza kutolewa kuanzia { $earliest }.
schedule-series-complete = Mfululizo wa chanjo umekamilika: hakuna dozi nyingine inayohitajika.
schedule-product-mix = Dozi ya { $dose } lazima iwe { $expected }, chanjo iliyotumika katika dozi zilizotangulia, si { $product }.
schedule-not-offered = Dozi ya { $dose } haitolewi tarehe { $date }.
schedule-not-available = { $product } haipatikani tarehe { $date }.

## Identity numbers.

id-valid = Namba ya { $scheme } ni sahihi.
id-invalid-format = Hii si namba sahihi ya { $scheme }: tafadhali hakikisha idadi ya herufi na aina zake.
id-invalid-character = Hii si namba sahihi ya { $scheme }: herufi “{ $character }” hairuhusiwi.
id-invalid-check-digit = Hii si namba sahihi ya { $scheme }: tarakimu ya uhakiki hailingani. Tafadhali hakikisha hakuna tarakimu iliyoandikwa vibaya.
id-invalid-date = Hii si namba sahihi ya { $scheme }: tarehe ya kuzaliwa iliyomo si tarehe halisi.
