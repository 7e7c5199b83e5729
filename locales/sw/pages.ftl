# Kurasa za wavuti za vaxkit — Kiswahili.

page-skip = Nenda kwenye maudhui
page-nav-languages = Lugha
page-nav-main = Menyu kuu
page-nav-find = Tafuta kikao cha chanjo
page-nav-login = Ingia
page-nav-me = Familia yangu
page-nav-vaccinator = Foleni ya leo
page-nav-staff = Kuingia kwa wafanyakazi
page-logout = Toka
page-staff-logout = Kutoka kwa wafanyakazi
page-back = Rudi
page-back-home = Rudi kwenye ukurasa wa mwanzo
page-error-title = Haikufanikiwa
page-csrf-refused = Fomu hii imepitwa na muda. Rudi nyuma, pakia ukurasa upya na uitume tena.
page-expected-person = angalau mtu mmoja aliyechaguliwa

page-home-title = Chanjo
page-home-intro = Sajili familia yako, weka nafasi ya kikao cha chanjo karibu nawe na upakue vyeti.
page-home-citizen = Jisajili au weka nafasi

page-find-title = Tafuta kikao cha chanjo
page-find-region = Eneo
page-find-any-region = Chagua eneo
page-find-postal-code = Au msimbo wa posta
page-find-date = Siku
page-find-search = Tafuta
page-find-results = Vikao vya siku hiyo
page-find-week = Vikao vya wiki hii katika kituo hiki
page-find-centre-week = Wiki ya kituo hiki
page-find-doses = Dozi { $doses }
page-find-available = { $count ->
        [one] Imebaki nafasi { $count }
       *[other] Zimebaki nafasi { $count }
    }
page-find-book = Weka nafasi
page-find-none = Hakuna kikao kilichopatikana. Jaribu siku au mahali pengine.
page-find-pages = Kurasa za matokeo
page-find-previous = Ukurasa uliotangulia
page-find-next = Ukurasa unaofuata
page-find-page = Ukurasa { $page } kati ya { $pages }

page-login-title = Ingia kwa namba yako ya simu
page-login-mobile = Namba ya simu
page-login-send = Nitumie msimbo
page-code-title = Weka msimbo
page-code-sent = Tumetuma msimbo kwa SMS kwenye namba yako ya simu.
page-code-label = Msimbo kutoka kwenye SMS
page-code-check = Ingia
page-code-again = Tuma msimbo mpya

page-me-title = Familia yangu
page-me-appointments = Miadi
page-me-appointment = { $name }: { $date }, { $slot }, { $facility }
page-me-people = Watu
page-me-dose = Dozi { $dose }: { $vaccine }, { $date }
page-me-no-dose = Bado hakuna dozi iliyorekodiwa.
page-me-certificate = Cheti
page-me-book = Weka nafasi ya chanjo
page-me-correct = Sahihisha taarifa
page-me-remove = Mwondoe { $name }
page-me-nobody = Bado hakuna aliyesajiliwa.
page-me-add = Ongeza mtu

page-person-new = Ongeza mtu
page-person-correct = Sahihisha taarifa
page-person-once = Kila taarifa inaweza kusahihishwa mara moja tu.
page-person-name = Jina kama lilivyo kwenye kitambulisho
page-person-latin-name = Jina kwa herufi za Kilatini, kama kwenye pasipoti
page-person-latin-name-hint = Linahitajika kwa vyeti vinavyosomwa nje ya nchi jina likiwa limeandikwa kwa hati nyingine, kama Kidevanagari au Kithai.
page-person-birth-date = Tarehe ya kuzaliwa
page-person-birth-year = Mwaka wa kuzaliwa
page-person-gender = Jinsia
page-person-id-scheme = Kitambulisho
page-person-id-number = Namba ya kitambulisho
page-person-save = Sajili
page-person-save-correction = Hifadhi marekebisho

page-book-title = Weka nafasi
page-book-session = { $vaccine } tarehe { $date }: { $count ->
        [one] imebaki nafasi { $count }
       *[other] zimebaki nafasi { $count }
    }.
page-book-slot = Muda
page-book-people = Nani anakuja
page-book-confirm = Weka nafasi kwa watu hawa

page-slip-title = Hati ya miadi
page-slip-name = Mtu
page-slip-when = Lini
page-slip-where = Wapi
page-slip-vaccine = Chanjo
page-slip-dose = dozi { $dose }
page-slip-status = Hali
page-slip-code = Msimbo wa usalama:
page-slip-show = Onyesha msimbo huu kituoni.
page-slip-cancel = Ghairi miadi hii
page-status-booked = Imewekwa
page-status-cancelled = Imeghairiwa
page-status-done = Amechanjwa

page-cert-title = Cheti cha chanjo
page-cert-qr = Onyesha msimbo huu wa QR ili ukaguliwe.
page-cert-pdf = Pakua cheti (PDF)

page-staff-title = Kuingia kwa wafanyakazi
page-staff-username = Jina la mtumiaji
page-staff-password = Nenosiri
page-staff-login = Ingia

page-queue-title = Foleni ya leo
page-queue-lookup = Msimbo wa usalama
page-queue-find = Tafuta
page-queue-day = Miadi ya { $day }
page-queue-record = Rekodi dozi
page-queue-empty = Hakuna anayesubiri.
page-queue-recorded = Dozi imerekodiwa ({ $reference }).
page-record-title = Rekodi dozi
page-record-vaccine = Chanjo
page-record-dose = Namba ya dozi
page-record-batch = Namba ya bechi kwenye chupa
page-record-override = Sababu ya kutoa dozi hata hivyo (ikiwa tu imekataliwa)
page-record-save = Rekodi dozi

## Usawazishaji wa mchanjaji aliye nje ya mtandao.

sync-expected-at-most = dozi zisizozidi { $count } kwa ombi moja
sync-expected-recent = muda ndani ya siku { $days } zilizopita, si wa baadaye

## Mchanjaji aliye nje ya mtandao.

page-offline-title = Foleni ya leo, bila mtandao
page-offline-online = Umeunganishwa: dozi zinatumwa mara zinaporekodiwa.
page-offline-offline = Hakuna mtandao: dozi zinahifadhiwa kwenye simu hii na kutumwa mtandao ukirudi.
page-offline-waiting = Dozi zinazosubiri kutumwa: { $count }
page-offline-refused = Dozi zilizokataliwa
page-offline-refusal = { $name }: { $reason }
page-offline-person = Mtu
page-offline-noscript = Bila JavaScript ukurasa huu unahitaji mtandao: rekodi kila dozi kutoka kwenye orodha iliyo hapa chini.
page-queue-offline = Fanya kazi bila mtandao

## Kurasa za umma: kuhakiki vyeti na takwimu.

page-nav-verify = Hakiki cheti
page-nav-dashboard = Takwimu
page-verify-title = Hakiki cheti cha chanjo
page-verify-paste = Bandika maandishi ya msimbo wa QR
page-verify-check = Hakiki
page-verify-holder = Mmiliki:
page-verify-photo = Au chagua picha ya msimbo wa QR
page-verify-camera = Tumia kamera
page-verify-no-code = Hakuna msimbo wa QR uliosomeka. Jaribu picha iliyo wazi zaidi, au bandika maandishi.
page-verify-expected-photo = picha ya PNG au JPEG yenye msimbo wa QR unaosomeka
page-dashboard-title = Takwimu za chanjo
page-dashboard-from = Kuanzia
page-dashboard-until = Hadi
page-dashboard-show = Onyesha
page-dashboard-total = Dozi zilizotolewa katika kipindi hiki
page-dashboard-per-day = Dozi kwa siku
page-dashboard-per-region = Dozi kwa eneo
page-dashboard-per-vaccine = Dozi kwa chanjo
page-dashboard-table = Takwimu kwa jedwali
page-dashboard-day = Siku
page-dashboard-doses = Dozi

## Ripoti za wasimamizi.

page-nav-reports = Ripoti
page-admin-reports-title = Ripoti za chanjo
page-admin-region-all = maeneo yote ndani ya mamlaka yako
page-admin-csv = Pakua kama CSV
page-admin-per-dose = Dozi kwa namba ya dozi
page-admin-per-age = Dozi kwa kundi la umri
page-admin-per-gender = Dozi kwa jinsia
page-admin-coverage = Kiwango cha chanjo ukilinganisha na idadi ya watu
page-admin-population = Idadi ya watu
page-admin-first-dose-percent = Dozi za kwanza kwa kila watu 100

## Walk-ins.

page-walk-in-title = Mtu asiye na miadi
page-queue-walk-in = Mtu asiye na miadi

## Moving an appointment.

page-slip-move = Hamishia siku au mahali pengine
page-find-moving = Chagua kikao kipya cha miadi hii.
page-book-moving = Miadi inahamishiwa hapa; nafasi ya zamani inaachwa wazi.
page-book-move = Hamishia miadi hapa

## Adverse events after immunisation (AEFI).

page-aefi-title = Ripoti tatizo baada ya chanjo
page-aefi-link = Ripoti tatizo baada ya dozi hii
page-aefi-onset = Siku ya kwanza ya dalili
page-aefi-symptoms = Dalili
page-aefi-seriousness = Ilikuwa mbaya? (acha wazi kama sivyo)
page-aefi-outcome = Hali hadi sasa
page-aefi-description = Kilichotokea, kwa maneno yako
page-aefi-send = Tuma ripoti
page-aefi-reported = Ripoti imetumwa ({ $reference }). Asante: mhudumu wa afya anaweza kuwasiliana nawe.
aefi-symptom-fever = Homa
aefi-symptom-injection-site-reaction = Maumivu, wekundu au uvimbe mahali pa sindano
aefi-symptom-headache = Maumivu ya kichwa
aefi-symptom-fatigue = Uchovu
aefi-symptom-myalgia = Maumivu ya misuli
aefi-symptom-nausea = Kichefuchefu
aefi-symptom-vomiting = Kutapika
aefi-symptom-diarrhoea = Kuhara
aefi-symptom-rash = Vipele
aefi-symptom-allergic-reaction = Mzio
aefi-symptom-anaphylaxis = Anafilaksia (mzio mkali)
aefi-symptom-syncope = Kuzirai
aefi-symptom-seizure = Degedege
aefi-symptom-thrombosis = Damu kuganda
aefi-symptom-myocarditis = Uvimbe wa moyo (myocarditis)
aefi-symptom-other = Kitu kingine
aefi-serious-death = Kifo
aefi-serious-life-threatening = Kuhatarisha maisha
aefi-serious-hospitalisation = Kulazwa hospitalini
aefi-serious-disability = Ulemavu wa kudumu
aefi-serious-congenital-anomaly = Kasoro ya kuzaliwa
aefi-serious-other-medically-important = Tukio lingine muhimu kitabibu
aefi-outcome-recovered = Amepona
aefi-outcome-recovering = Anaendelea kupona
aefi-outcome-not-recovered = Hajapona
aefi-outcome-recovered-with-sequelae = Amepona na madhara ya kudumu
aefi-outcome-fatal = Amefariki
aefi-outcome-unknown = Haijulikani

## Administrators' lists.

page-admin-aefi-title = Ripoti za matukio mabaya
page-admin-aefi-all = Ripoti zote
page-admin-aefi-serious-only = Ripoti mbaya tu
page-admin-aefi-serious = Mbaya
page-admin-aefi-none = Hakuna ripoti.
page-admin-facilities-title = Vituo
page-admin-facilities-import = Vituo vinaongezwa na kubadilishwa kwa wingi kwa `vaxkit import facilities FILE.csv`, ambayo huorodhesha kila mstari uliokataliwa na sababu yake.
page-admin-facility-code = Msimbo
page-admin-facility-name = Jina
page-admin-facility-open = Wazi
page-admin-facility-closed = Kimefungwa
page-admin-import-link = Leta faili ya CSV
page-admin-import-title = Leta vituo
page-admin-import-help = Bandika faili ya CSV ambayo mstari wake wa kwanza ni { $columns }; mistari inayoanza na # ni maoni. Misimbo mipya huongezwa na inayojulikana husasishwa; safu zilizokataliwa huorodheshwa na mstari wake, na nyingine huletwa.
page-admin-import-file = Faili ya CSV
page-admin-import-submit = Leta
page-admin-import-done = { $added } vimeongezwa, { $updated } vimesasishwa, { $unchanged } havijabadilika, { $rejected } vimekataliwa.
page-admin-import-rejected = Safu zilizokataliwa
page-admin-import-line = Mstari { $line }: { $reason }
page-admin-import-header = Mstari wa kwanza lazima uwe { $columns }.
page-admin-import-unreadable = si CSV inayosomeka (angalia alama za nukuu)
page-admin-import-fields = una sehemu { $found }, mstari wa kwanza una { $expected }
page-admin-import-number = “{ $value }” si namba
page-admin-import-code = msimbo lazima uwe herufi 2 hadi 32 za A–Z, 0–9, - na _
page-admin-import-text = jina na anwani lazima ziwe herufi 1 hadi 200
page-admin-import-region = eneo halimo kwenye wasifu
page-admin-import-postal = msimbo wa posta haufuati kanuni ya nchi
page-admin-import-coordinates = latitudo na longitudo lazima zitolewe zote, kati ya -90 na 90 na kati ya -180 na 180
page-admin-import-scope = eneo la kituo liko nje ya mamlaka yako
page-admin-sessions-title = Vipindi
page-admin-sessions-facility = Kituo
page-admin-sessions-show = Onyesha
page-admin-sessions-from = Siku ya kwanza
page-admin-sessions-until = Siku ya mwisho
page-admin-sessions-none = Hakuna vipindi katika kipindi hiki.
page-admin-sessions-vaccine = Chanjo
page-admin-sessions-doses = Dozi
page-admin-sessions-ages = Umri
page-admin-sessions-slots = Nafasi za muda
page-admin-sessions-booked = Zilizowekwa mtandaoni
page-admin-sessions-booked-of = { $booked } kati ya { $capacity }
page-admin-sessions-walk-in = Zilizowekwa kwa wanaofika bila miadi
page-admin-sessions-cancelled = Kimeghairiwa
page-admin-sessions-reason = Sababu ya kughairi
page-admin-sessions-cancel = Ghairi kipindi
page-admin-sessions-plan = Panga vipindi
page-admin-sessions-plan-help = Kipindi kimoja kila siku kuanzia siku ya kwanza hadi ya mwisho. Dozi kama 1,2; nafasi za muda kama 09:00-11:00, zikitenganishwa kwa nafasi.
page-admin-sessions-min-age = Umri wa chini (miaka)
page-admin-sessions-max-age = Umri wa juu (miaka, si lazima)
page-admin-sessions-capacity = Nafasi kwa kila kipindi
page-admin-sessions-share = Sehemu ya wanaofika bila miadi (%, si lazima)
page-admin-sessions-submit = Panga
page-admin-staff-title = Wafanyakazi
page-admin-staff-disable = Zima { $username }
page-admin-staff-disabled = Imezimwa
page-admin-staff-new = Akaunti mpya
page-admin-staff-name = Jina kamili
page-admin-staff-password = Nenosiri la kwanza (angalau herufi 12)
page-admin-staff-role = Jukumu
page-admin-staff-region = Msimbo wa eneo (wasimamizi wa eneo, wakaguzi wa eneo)
page-admin-staff-facility = Msimbo wa kituo (wasimamizi wa kituo, wachanjaji)
page-admin-staff-create = Unda akaunti
page-staff-role-national-admin = Msimamizi wa kitaifa
page-staff-role-region-admin = Msimamizi wa eneo
page-staff-role-facility-admin = Msimamizi wa kituo
page-staff-role-vaccinator = Mchanjaji
page-staff-role-verifier = Mthibitishaji
page-staff-role-auditor = Mkaguzi
page-admin-corrections-title = Marekebisho
page-admin-corrections-reference = Kumbukumbu ya mtu
page-admin-corrections-find = Tafuta
page-admin-corrections-merged = Imeunganishwa na { $reference }
page-admin-corrections-is-revoked = Imebatilishwa: { $reason }
page-admin-corrections-correct = Rekebisha dozi hii
page-admin-corrections-blank = Jaza tu kinachobadilika; sehemu tupu zinabaki zilivyo.
page-admin-corrections-batch = Bechi
page-admin-corrections-given-on = Siku ya dozi
page-admin-corrections-reason = Sababu (huhifadhiwa kwenye kumbukumbu ya ukaguzi)
page-admin-corrections-save = Hifadhi marekebisho
page-admin-corrections-revoke = Batilisha dozi hii
page-admin-corrections-corrected = Dozi imerekebishwa.
page-admin-corrections-revoked = Dozi imebatilishwa.
