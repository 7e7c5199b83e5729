# vaxkit — Kiswahili (Swahili) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Kiswahili

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Anastahili kupata dozi ya { $dose } kuanzia { $earliest }.
schedule-eligible-until = Anastahili kupata dozi ya { $dose } kuanzia { $earliest } hadi { $latest }.
schedule-overdue = Muda wa dozi ya { $dose } umepita: ilipaswa kutolewa kufikia { $latest }. Bado inaweza kutolewa.
schedule-too-young = Bado hajastahili kwa sababu ya umri: atastahili kuanzia tarehe { $date }.
schedule-too-young-no-date = Hastahili: umri wa chini ni { $min_years ->
        [one] mwaka { $min_years }
       *[other] miaka { $min_years }
    }.
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

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = Mwanamke
gender-male = Mwanamume
gender-other = Nyingine

## SMS texts (sent without isolation marks; keep them short).

sms-otp = Msimbo wako wa kuingia vaxkit ni { $code }. Ni halali kwa dakika { $minutes }. Usimpe mtu yeyote msimbo huu.
sms-session-cancelled = Samahani, kipindi cha chanjo cha tarehe { $date } katika { $facility } kimeghairiwa, pamoja na miadi ya { $name }. Tafadhali weka miadi nyingine.
sms-appointment-booked = Miadi ya { $name } tarehe { $date }, { $slot }, katika { $facility } imethibitishwa. Msimbo wa usalama: { $code }.
notify-test-sms = Ujumbe wa majaribio wa vaxkit kwa { $country }: utumaji wa SMS unafanya kazi.
notify-test-email-subject = Ujumbe wa majaribio wa vaxkit
notify-test-email = Huu ni ujumbe wa majaribio kutoka vaxkit kwa { $country }. Ukiweza kuusoma, utumaji wa barua pepe unafanya kazi.
sms-registered = { $name } amesajiliwa kwa chanjo (namba ya usajili { $reference }). Tuma MSAADA kwa namba hii kupata amri za SMS.
sms-appointment-cancelled = Miadi ya { $name } tarehe { $date } katika { $facility } imeghairiwa.
sms-reminder = Kumbusho: { $name } ana miadi ya chanjo kesho, { $date }, { $slot }, katika { $facility }. Namba ya usalama: { $code }.
sms-appointment-missed = { $name } hakufika kwenye miadi ya chanjo ya { $date }. Weka miadi mpya kwenye { $link }
sms-dose-recorded = Dozi ya { $dose } ya { $vaccine } imerekodiwa kwa { $name }. Cheti: { $link }
sms-dose-due = Dozi ya { $dose } ya { $vaccine } sasa inaweza kutolewa kwa { $name }. Weka miadi kwenye { $link } au tuma WEKA na msimbo wa posta.
sms-keyword-next = IJAYO
sms-keyword-book = WEKA
sms-keyword-cancel = GHAIRI
sms-keyword-help = MSAADA
sms-cmd-help = vaxkit kwa SMS: IJAYO - dozi na miadi ijayo; WEKA na msimbo wa posta - nafasi karibu nawe; GHAIRI - ghairi miadi.
sms-cmd-no-account = Hakuna aliyesajiliwa kwa namba hii. Jisajili mtandaoni au kwenye kituo cha chanjo.
sms-cmd-none = Hakuna miadi iliyo wazi kwa namba hii.
sms-cmd-expired = Hakuna cha kuchagua sasa. Tuma kwanza WEKA na msimbo wa posta, au GHAIRI.
sms-cmd-no-sessions = Hakuna nafasi karibu na { $postal_code } siku zijazo kwa watu wa namba hii.
sms-cmd-refused = Haikufanyika: { $reason }
sms-cmd-offer-book = Jibu kwa namba ili kuweka miadi:
sms-cmd-offer-cancel = Jibu kwa namba ili kughairi:
sms-cmd-line-book = { $number }. { $name }: { $date }, { $facility }
sms-cmd-line-cancel = { $number }. { $name }: { $date }
sms-cmd-status-booked = { $name }: miadi { $date } katika { $facility }, namba { $code }
sms-cmd-status-due = { $name }: dozi ya { $dose } ya { $vaccine } kuanzia { $date }
sms-cmd-status-complete = { $name }: hakuna dozi inayosubiriwa
sms-cmd-status-none = { $name }: bado hakuna dozi iliyorekodiwa

## API errors

error-bad-request = Ombi si sahihi.
error-invalid-json = Kiini cha ombi si JSON sahihi, au hakina muundo unaotarajiwa (mstari { $line }, safu { $column }).
error-unknown-field = Sehemu “{ $field }” haikubaliwi hapa.
error-invalid-field = Sehemu “{ $field }” lazima iwe { $expected }.
error-payload-too-large = Kiini cha ombi ni kikubwa mno.
error-not-found = Hakuna kilichopatikana kwenye anwani hii.
error-method-not-allowed = Mbinu hii hairuhusiwi kwenye anwani hii.
error-unauthorized = Unahitaji kuingia ili kufanya hivi.
error-forbidden = Huruhusiwi kufanya hivi.
error-rate-limited = Maombi mengi mno. Tafadhali jaribu tena baada ya sekunde { $seconds }.
error-unsupported-media-type = Kiini cha ombi lazima kiwe JSON, kilichotumwa pamoja na “Content-Type: application/json”.
error-service-unavailable = Huduma haipatikani kwa muda. Tafadhali jaribu tena baada ya muda mfupi.
error-storage-full = Huduma haiwezi kuhifadhi chochote kwa sasa. Tafadhali jaribu tena baadaye.
error-internal-error = Hitilafu imetokea upande wetu. Tafadhali jaribu tena baadaye.
error-invalid-mobile = Namba hii ya simu si sahihi. Tafadhali hakikisha idadi ya tarakimu.
error-otp-resend-too-soon = Msimbo umetumwa punde tu. Unaweza kuomba msimbo mpya baada ya sekunde { $seconds }.
error-otp-daily-limit = Misimbo mingi mno imetumwa kwa namba hii leo (kiwango cha juu ni { $count }). Tafadhali jaribu tena kesho.
error-otp-invalid = Msimbo huu si sahihi. Tafadhali angalia SMS na ujaribu tena.
error-otp-expired = Muda wa msimbo huu umekwisha. Tafadhali omba msimbo mpya.
error-otp-used = Msimbo huu tayari umeshatumika. Tafadhali omba msimbo mpya.
error-otp-attempts-exceeded = Kumekuwa na majaribio mengi mno yasiyo sahihi kwa msimbo huu. Tafadhali omba msimbo mpya.
error-session-expired = Umetolewa kwenye akaunti kwa sababu hukuwa na shughuli kwa muda. Tafadhali ingia tena.
error-invalid-name = Tafadhali andika jina kama lilivyoandikwa kwenye hati ya utambulisho (herufi 1 hadi 100).
error-invalid-name-character = Jina lina herufi iliyofichwa au ya udhibiti ({ $character }) inayoweza kulifanya lionekane tofauti. Liandike tena bila herufi hiyo.
error-latin-name-required = Jina limeandikwa kwa hati ambayo vyeti vinavyosomwa nje ya nchi haviwezi kubeba: liandike pia kwa herufi za Kilatini, kama kwenye pasipoti (latin_name).
error-invalid-latin-name = Jina kwa herufi za Kilatini linaweza kuwa na herufi za Kilatini, nafasi, vistari na apostrofi tu; { $character } si mojawapo.
error-invalid-birth = Tarehe au mwaka huu wa kuzaliwa hauwezekani.
error-birth-date-required = Tafadhali weka tarehe kamili ya kuzaliwa.
error-invalid-gender = Tafadhali chagua mojawapo ya jinsia zilizoorodheshwa: { $allowed }.
error-invalid-language = Tafadhali chagua mojawapo ya lugha zilizoorodheshwa.
error-unknown-id-scheme = Tafadhali chagua mojawapo ya hati za utambulisho zilizoorodheshwa.
error-invalid-id-number = { $reason }
error-duplicate-id-number = Namba hii ya utambulisho tayari imesajiliwa. Kila mtu anaweza kusajiliwa mara moja tu.
error-beneficiary-limit-reached = Akaunti hii tayari ina idadi ya juu ya watu inayoruhusiwa ({ $limit }).
error-beneficiary-not-found = Mtu huyu hajasajiliwa kwenye akaunti yako.
error-already-corrected = Marekebisho ya { $field ->
        [name] jina
        [birth] tarehe ya kuzaliwa
        [gender] jinsia
       *[other] sehemu “{ $field }”
    } yameshafanywa mara moja na hayawezi kufanywa tena.
error-nothing-to-change = Hakuna mabadiliko yaliyotolewa.
error-beneficiary-has-doses = Mtu aliye na dozi iliyorekodiwa hawezi kuondolewa.
error-region-not-found = Eneo hili halipo.
error-facility-not-found = Kituo hiki cha chanjo hakipo.
error-invalid-query = Utafutaji haujakamilika, au unachanganya machaguo yasiyoendana.
error-invalid-date = Tarehe hii si sahihi. Tafadhali tumia muundo YYYY-MM-DD.
error-invalid-postal-code = Msimbo huu wa posta si sahihi.
error-invalid-coordinates = Mahali hapa si sahihi.
error-unknown-vaccine = Chanjo hii haitolewi hapa.
error-session-not-found = Kipindi hiki cha chanjo hakipo au kimeghairiwa.
error-outside-booking-window = Huwezi kuweka miadi kwa kipindi hiki sasa: miadi hufunguliwa siku { $days } kabla na hufungwa siku ya kipindi chenyewe.
error-invalid-slot = Tafadhali chagua mojawapo ya nafasi za muda za kipindi hiki.
error-invalid-beneficiary-list = Tafadhali chagua angalau mtu mmoja, na kila mtu mara moja tu.
error-already-booked = { $name } tayari ana miadi. Tafadhali ighairi au ibadilishe kwanza.
error-not-eligible = { $action ->
        [record] Dozi hii haiwezi kutolewa kwa { $name } leo: { $reason }
       *[book] Haiwezekani kumwekea { $name } miadi: { $reason }
    }
error-wrong-dose = Kwa mtu huyu, hii ingekuwa dozi ya { $dose }.
error-dose-not-offered = Kipindi hiki hakitoi dozi ya { $dose }.
error-age-not-allowed = { $name } hayumo katika kundi la umri la kipindi hiki.
error-session-full = Kipindi hiki kimejaa. Tafadhali chagua kipindi kingine.
error-appointment-not-found = Miadi hii haipo kwenye akaunti yako.
error-appointment-not-open = Miadi hii haiko wazi tena.
error-invalid-credentials = Jina la mtumiaji au nenosiri si sahihi.
error-invalid-username = Jina la mtumiaji linapaswa kuwa na alama 3 hadi 64, ambazo ni herufi, tarakimu, nukta, vistari au mistari ya chini pekee.
error-username-taken = Jina hili la mtumiaji tayari linatumika.
error-weak-password = Nenosiri linapaswa kuwa na angalau herufi 12.
error-invalid-scope = Jukumu hili na eneo hili la mamlaka haviendani: { $reason }
error-invalid-facility-code = Msimbo wa kituo unapaswa kuwa na alama 2 hadi 32, ambazo ni herufi kubwa (A-Z), tarakimu, vistari au mistari ya chini pekee.
error-facility-exists = Kituo cha chanjo chenye msimbo huu tayari kipo.
error-invalid-session-dates = Vipindi vinaweza kupangwa kuanzia leo, kwa muda usiozidi siku { $days } kwa wakati mmoja.
error-vaccine-not-available = Chanjo hii haitumiki tarehe { $date }.
error-invalid-doses = Tafadhali chagua namba za dozi kuanzia 1 hadi { $max }.
error-invalid-age-limits = Mipaka ya umri si sahihi: umri wa chini unapaswa kuwa kati ya 0 na 150, na usizidi umri wa juu.
error-invalid-capacity = Uwezo unapaswa kuwa nafasi 1 hadi 100,000, na sehemu ya wanaofika bila miadi iwe kati ya 0 na 1.
error-invalid-slots = Tafadhali weka nafasi za muda 1 hadi 48 zilizoandikwa kwa muundo HH:MM-HH:MM, kila moja ikianza kabla ya kuisha.
error-reason-required = Tafadhali andika sababu (herufi 1 hadi 500).
error-invalid-idempotency-key = Kila dozi inahitaji ufunguo wa ombi (idempotency key) wenye alama 8 hadi 100, unaotengenezwa na programu mara moja tu.
error-invalid-batch = Tafadhali weka namba ya bechi (batch number) iliyoandikwa kwenye chupa ya chanjo (alama 1 hadi 64).
error-duplicate-request = Ufunguo huu wa ombi tayari umetumika kwa dozi nyingine. Tafadhali tengeneza ufunguo mpya kwa kila dozi.
error-idempotency-key-reused = Ufunguo huu wa ombi tayari umetumika kwa dozi tofauti (mtu mwingine, chanjo, bechi, namba ya dozi au msamaha). Tafadhali tengeneza ufunguo mpya kwa kila dozi.
error-dose-not-found = Dozi hii haikupatikana kati ya dozi unazoruhusiwa kutolea ripoti.
error-invalid-aefi = Ripoti hii haijakamilika au si sahihi: tafadhali kagua sehemu “{ $field }”.
error-dose-revoked = Dozi hii imebatilishwa; dozi iliyobatilishwa haiwezi kubadilishwa wala kubatilishwa tena.
error-merge-conflict = Rekodi zote mbili zina dozi { $dose }. Batilisha iliyo na kosa kwanza, kisha uunganishe.
error-merge-self = Rekodi haiwezi kuunganishwa na yenyewe: toa rekodi mbili tofauti.
error-no-certificate = Bado hakuna cheti: hakuna dozi iliyorekodiwa kwa mtu huyu.
error-certificate-not-available = Vyeti vya chanjo bado haviwezi kupakuliwa kutoka kwenye seva hii.

## Kwa nini jukumu na eneo la mamlaka haviendani (sababu ya `error-invalid-scope`).

scope-needs-region = { $role } anahitaji eneo, na si kituo
scope-needs-facility = { $role } anahitaji kituo, na si eneo
scope-needs-nothing = { $role } hana eneo wala kituo
scope-unknown-region = eneo “{ $region }” halimo kwenye wasifu

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = Cheti cha muda cha chanjo
certificate-title-final = Cheti kamili cha chanjo
certificate-title-booster = Cheti cha dozi ya nyongeza
certificate-name = Jina
certificate-birth = Tarehe ya kuzaliwa
certificate-identifier = Hati ya utambulisho
certificate-vaccine = Chanjo
certificate-manufacturer = Mtengenezaji
certificate-lot = Toleo
certificate-date = Tarehe ya chanjo
certificate-dose = Dozi
certificate-dose-of = { $dose } kati ya { $total }
certificate-centre = Kituo cha chanjo
certificate-country = Nchi
certificate-next-dose = Dozi inayofuata kuanzia
certificate-issuer = Imetolewa na
certificate-id = Nambari ya cheti
certificate-footer = Changanua msimbo wa QR ili kuthibitisha cheti hiki.
certificate-valid = Cheti hiki ni halali.
certificate-invalid = Cheti hiki si halali ({ $reason }).


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = maandishi
json-expected-integer = namba kamili
json-expected-number = namba
json-expected-boolean = true au false
json-expected-list = orodha
json-expected-object = kitu (object)
json-expected-date = tarehe iliyoandikwa YYYY-MM-DD
json-expected-one-of = mojawapo ya: { $values }
json-expected-present = imetolewa (inahitajika)
json-expected-other = ya muundo mwingine

## Utabiri (`vaxkit forecast`): kila dozi imepimwa, na dozi inayofuata ya kila kundi la chanjo.
forecast-dose-valid = Dozi { $number } ({ $date }, { $product }): halali.
forecast-dose-not-valid = Dozi { $number } ({ $date }, { $product }): haihesabiwi: { $reason }.
forecast-group-due = { $group }: dozi { $dose } kuanzia { $earliest }, inapendekezwa tarehe { $recommended }.
forecast-group-due-until = { $group }: dozi { $dose } kuanzia { $earliest }, inapendekezwa tarehe { $recommended }, imechelewa baada ya { $past_due }.
forecast-group-status = { $group }: { $status }.
forecast-status-not-complete = haijakamilika
forecast-status-complete = imekamilika
forecast-status-aged-out = umri umepita kukamilisha mfululizo
forecast-status-immune = ana kinga
forecast-status-not-recommended = hakuna dozi inayopendekezwa sasa
forecast-reason-too-young = imetolewa kabla ya umri wa chini
forecast-reason-too-old = imetolewa baada ya umri wa juu, haihitajiki
forecast-reason-too-soon = imetolewa mapema mno baada ya dozi iliyotangulia
forecast-reason-live-virus-conflict = imetolewa mapema mno baada ya chanjo nyingine hai
forecast-reason-not-allowable = chanjo hii haihesabiwi kwa dozi hii
forecast-reason-inadvertent = imetolewa kwa makosa
forecast-reason-series-complete = haihitajiki, mfululizo ulikuwa umekamilika
forecast-reason-not-evaluated = hakuna mfululizo wa wasifu unaohusu chanjo hii
