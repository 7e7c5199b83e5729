# vaxkit — हिन्दी (Hindi) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = हिन्दी

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = { $earliest } से खुराक { $dose } के लिए पात्र हैं।
schedule-eligible-until = { $earliest } से { $latest } तक खुराक { $dose } के लिए पात्र हैं।
schedule-overdue = खुराक { $dose } में देर हो गई है: यह { $latest } तक दी जानी थी। यह अब भी दी जा सकती है।
schedule-too-young = आयु के कारण अभी पात्र नहीं हैं: { $date } से पात्र होंगे।
schedule-too-young-no-date = पात्र नहीं हैं: न्यूनतम आयु { $min_years } वर्ष है।
schedule-too-old = पात्र नहीं हैं: यह टीका केवल { $max_years } वर्ष की आयु तक ही दिया जाता है।
schedule-too-early = खुराक { $dose } के लिए अभी जल्दी है: यह { $earliest } से दी जा सकती है।
schedule-series-complete = टीकाकरण की सभी खुराकें पूरी हो गई हैं: अब कोई और खुराक बाकी नहीं है।
schedule-product-mix = खुराक { $dose } में { $expected } ही दिया जाना चाहिए, जो पिछली खुराकों में दिया गया टीका है, { $product } नहीं।
schedule-not-offered = { $date } को खुराक { $dose } नहीं दी जा रही है।
schedule-not-available = { $date } को { $product } उपलब्ध नहीं है।

## Identity numbers.

id-valid = मान्य { $scheme } नंबर।
id-invalid-format = यह मान्य { $scheme } नंबर नहीं है: कृपया अक्षरों की संख्या और उनका प्रकार जाँचें।
id-invalid-character = यह मान्य { $scheme } नंबर नहीं है: “{ $character }” अक्षर की अनुमति नहीं है।
id-invalid-check-digit = यह मान्य { $scheme } नंबर नहीं है: जाँच अंक (चेक डिजिट) मेल नहीं खाता। कृपया देखें कि कोई अंक गलत तो नहीं लिखा गया है।
id-invalid-date = यह मान्य { $scheme } नंबर नहीं है: इसमें दी गई जन्मतिथि कोई वास्तविक तिथि नहीं है।

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = महिला
gender-male = पुरुष
gender-other = अन्य

## SMS texts (sent without isolation marks; keep them short).

sms-otp = आपका vaxkit लॉग इन कोड { $code } है। यह { $minutes } मिनट तक मान्य है। इसे किसी के साथ साझा न करें।
sms-session-cancelled = क्षमा करें, { $date } को { $facility } का टीकाकरण सत्र रद्द हो गया है, इसलिए { $name } का अपॉइंटमेंट भी रद्द है। कृपया दोबारा बुक करें।
sms-appointment-booked = { $name } के अपॉइंटमेंट की पुष्टि हो गई है: { $date }, { $slot }, { $facility }। सुरक्षा कोड: { $code }।
notify-test-sms = { $country } के लिए vaxkit परीक्षण संदेश: SMS भेजना काम करता है।
notify-test-email-subject = vaxkit परीक्षण संदेश
notify-test-email = यह { $country } के लिए vaxkit का एक परीक्षण संदेश है। यदि आप इसे पढ़ सकते हैं, तो ईमेल भेजना काम करता है।
sms-registered = { $name } का टीकाकरण के लिए पंजीकरण हो गया है (संदर्भ { $reference })। SMS आदेशों के लिए इस नंबर पर मदद भेजें।
sms-appointment-cancelled = { $name } का { $date } को { $facility } का अपॉइंटमेंट रद्द हो गया है।
sms-reminder = याद रहे: { $name } का टीकाकरण अपॉइंटमेंट कल, { $date }, { $slot }, { $facility } में है। सुरक्षा कोड: { $code }।
sms-appointment-missed = { $name } { $date } के टीकाकरण अपॉइंटमेंट पर नहीं आए। नया अपॉइंटमेंट बुक करें: { $link }
sms-dose-recorded = { $name } को दी गई { $vaccine } की खुराक { $dose } दर्ज हो गई। प्रमाणपत्र: { $link }
sms-dose-due = { $name } की { $vaccine } की खुराक { $dose } अब दी जा सकती है। बुक करें: { $link } या बुक और पिन कोड भेजें।
sms-keyword-next = अगला
sms-keyword-book = बुक
sms-keyword-cancel = रद्द
sms-keyword-help = मदद
sms-cmd-help = SMS से vaxkit: अगला - अगली खुराक और अपॉइंटमेंट; बुक और पिन कोड - पास के केंद्र; रद्द - अपॉइंटमेंट रद्द करें।
sms-cmd-no-account = इस नंबर से कोई पंजीकृत नहीं है। ऑनलाइन या टीकाकरण केंद्र पर पंजीकरण करें।
sms-cmd-none = इस नंबर का कोई खुला अपॉइंटमेंट नहीं है।
sms-cmd-expired = अभी चुनने के लिए कुछ नहीं है। पहले बुक और अपना पिन कोड, या रद्द भेजें।
sms-cmd-no-sessions = आने वाले दिनों में { $postal_code } के पास इस नंबर के लोगों के लिए कोई जगह खाली नहीं है।
sms-cmd-refused = नहीं हो सका: { $reason }
sms-cmd-offer-book = बुक करने के लिए नंबर भेजें:
sms-cmd-offer-cancel = रद्द करने के लिए नंबर भेजें:
sms-cmd-line-book = { $number }. { $name }: { $date }, { $facility }
sms-cmd-line-cancel = { $number }. { $name }: { $date }
sms-cmd-status-booked = { $name }: अपॉइंटमेंट { $date }, { $facility }, कोड { $code }
sms-cmd-status-due = { $name }: { $vaccine } की खुराक { $dose }, { $date } से
sms-cmd-status-complete = { $name }: कोई खुराक बाकी नहीं
sms-cmd-status-none = { $name }: अभी कोई खुराक दर्ज नहीं

## API errors

error-bad-request = अनुरोध मान्य नहीं है।
error-invalid-json = अनुरोध का मुख्य भाग मान्य JSON नहीं है, या अपेक्षित रूप में नहीं है (पंक्ति { $line }, स्तंभ { $column })।
error-unknown-field = फ़ील्ड “{ $field }” यहाँ स्वीकार नहीं की जाती।
error-invalid-field = फ़ील्ड “{ $field }” { $expected } होना चाहिए।
error-payload-too-large = अनुरोध का मुख्य भाग बहुत बड़ा है।
error-not-found = इस पते पर कुछ नहीं मिला।
error-method-not-allowed = इस पते पर यह तरीका (मेथड) अनुमत नहीं है।
error-unauthorized = ऐसा करने के लिए आपको लॉग इन करना होगा।
error-forbidden = आपको ऐसा करने की अनुमति नहीं है।
error-rate-limited = बहुत अधिक अनुरोध। कृपया { $seconds } सेकंड बाद फिर से प्रयास करें।
error-unsupported-media-type = अनुरोध का मुख्य भाग JSON होना चाहिए और “Content-Type: application/json” के साथ भेजा जाना चाहिए।
error-service-unavailable = सेवा अभी अस्थायी रूप से उपलब्ध नहीं है। कृपया थोड़ी देर बाद फिर से प्रयास करें।
error-storage-full = सेवा अभी कुछ भी सहेज नहीं सकती। कृपया बाद में फिर से प्रयास करें।
error-internal-error = हमारी ओर से कुछ गड़बड़ हो गई। कृपया बाद में फिर से प्रयास करें।
error-invalid-mobile = यह मोबाइल नंबर मान्य नहीं है। कृपया अंकों की संख्या जाँचें।
error-otp-resend-too-soon = अभी-अभी एक कोड भेजा गया है। आप { $seconds } सेकंड बाद नया कोड माँग सकते हैं।
error-otp-daily-limit = आज इस नंबर पर बहुत अधिक कोड भेजे जा चुके हैं (अधिकतम { $count })। कृपया कल फिर से प्रयास करें।
error-otp-invalid = यह कोड सही नहीं है। कृपया SMS देखें और फिर से प्रयास करें।
error-otp-expired = इस कोड की अवधि समाप्त हो गई है। कृपया नया कोड माँगें।
error-otp-used = यह कोड पहले ही इस्तेमाल हो चुका है। कृपया नया कोड माँगें।
error-otp-attempts-exceeded = इस कोड के लिए बहुत अधिक बार गलत कोशिश की गई है। कृपया नया कोड माँगें।
error-session-expired = कुछ समय तक कोई गतिविधि न होने के कारण आपको लॉग आउट कर दिया गया है। कृपया फिर से लॉग इन करें।
error-invalid-name = कृपया नाम वैसे ही लिखें जैसा पहचान दस्तावेज़ पर लिखा है (1 से 100 अक्षर)।
error-invalid-name-character = नाम में एक छिपा हुआ या नियंत्रण वर्ण ({ $character }) है, जिससे नाम कुछ और दिख सकता है। कृपया इसके बिना फिर से लिखें।
error-latin-name-required = नाम ऐसी लिपि में लिखा है जिसे विदेश में पढ़े जाने वाले प्रमाणपत्र नहीं ले सकते: इसे पासपोर्ट की तरह लैटिन अक्षरों में भी लिखें (latin_name)।
error-invalid-latin-name = लैटिन अक्षरों वाले नाम में केवल लैटिन अक्षर, रिक्त स्थान, हाइफ़न और एपॉस्ट्रॉफ़ी हो सकते हैं; { $character } इनमें से नहीं है।
error-invalid-birth = यह जन्मतिथि या जन्म वर्ष संभव नहीं है।
error-birth-date-required = कृपया पूरी जन्मतिथि दर्ज करें।
error-invalid-gender = कृपया दिए गए विकल्पों में से लिंग चुनें: { $allowed }।
error-invalid-language = कृपया दी गई भाषाओं में से कोई एक चुनें।
error-unknown-id-scheme = कृपया दिए गए पहचान दस्तावेज़ों में से कोई एक चुनें।
error-invalid-id-number = { $reason }
error-duplicate-id-number = यह पहचान नंबर पहले से पंजीकृत है। हर व्यक्ति का पंजीकरण केवल एक बार हो सकता है।
error-beneficiary-limit-reached = इस खाते में पहले से ही अधिकतम अनुमत संख्या ({ $limit }) में लोग पंजीकृत हैं।
error-beneficiary-not-found = यह व्यक्ति आपके खाते में पंजीकृत नहीं है।
error-already-corrected = { $field ->
        [name] नाम
        [birth] जन्मतिथि या जन्म वर्ष
        [gender] लिंग
       *[other] “{ $field }”
    } में एक बार सुधार किया जा चुका है, अब इसे दोबारा नहीं बदला जा सकता।
error-nothing-to-change = बदलने के लिए कुछ भी नहीं दिया गया।
error-beneficiary-has-doses = जिस व्यक्ति की कोई खुराक दर्ज हो चुकी है, उसे हटाया नहीं जा सकता।
error-region-not-found = यह क्षेत्र मौजूद नहीं है।
error-facility-not-found = यह टीकाकरण केंद्र मौजूद नहीं है।
error-invalid-query = खोज अधूरी है, या उसमें ऐसे विकल्प एक साथ चुने गए हैं जो आपस में मेल नहीं खाते।
error-invalid-date = यह तिथि मान्य नहीं है। कृपया YYYY-MM-DD प्रारूप का उपयोग करें।
error-invalid-postal-code = यह पिन कोड मान्य नहीं है।
error-invalid-coordinates = यह स्थान मान्य नहीं है।
error-unknown-vaccine = यह टीका यहाँ नहीं दिया जाता।
error-session-not-found = यह टीकाकरण सत्र मौजूद नहीं है या रद्द कर दिया गया है।
error-outside-booking-window = इस सत्र के लिए अभी बुकिंग नहीं की जा सकती: बुकिंग { $days } दिन पहले खुलती है और सत्र के दिन ही बंद हो जाती है।
error-invalid-slot = कृपया इस सत्र के समय-स्लॉट में से कोई एक चुनें।
error-invalid-beneficiary-list = कृपया कम से कम एक व्यक्ति चुनें, और हर व्यक्ति को केवल एक बार चुनें।
error-already-booked = { $name } का अपॉइंटमेंट पहले से बुक है। कृपया पहले उसे रद्द करें या उसका समय बदलें।
error-not-eligible = { $action ->
        [record] आज { $name } को यह खुराक नहीं दी जा सकती: { $reason }
       *[book] { $name } के लिए बुकिंग नहीं की जा सकती: { $reason }
    }
error-wrong-dose = इस व्यक्ति के लिए यह खुराक { $dose } होगी।
error-dose-not-offered = इस सत्र में खुराक { $dose } नहीं दी जा रही है।
error-age-not-allowed = { $name } इस सत्र के आयु वर्ग में नहीं आते हैं।
error-session-full = इस सत्र की सभी जगहें भर चुकी हैं। कृपया कोई दूसरा सत्र चुनें।
error-appointment-not-found = आपके खाते में यह अपॉइंटमेंट मौजूद नहीं है।
error-appointment-not-open = यह अपॉइंटमेंट अब सक्रिय नहीं है।
error-invalid-credentials = उपयोगकर्ता नाम या पासवर्ड सही नहीं है।
error-invalid-username = उपयोगकर्ता नाम में 3 से 64 वर्ण होने चाहिए, और उनमें केवल अंग्रेज़ी अक्षर, अंक, बिंदु (.), डैश (-) या अंडरस्कोर (_) हो सकते हैं।
error-username-taken = यह उपयोगकर्ता नाम पहले से उपयोग में है।
error-weak-password = पासवर्ड में कम से कम 12 वर्ण होने चाहिए।
error-invalid-scope = यह भूमिका और यह कार्यक्षेत्र एक साथ मेल नहीं खाते: { $reason }
error-invalid-facility-code = केंद्र के कोड में 2 से 32 वर्ण होने चाहिए, और उनमें केवल अंग्रेज़ी के बड़े अक्षर (A-Z), अंक, डैश (-) या अंडरस्कोर (_) हो सकते हैं।
error-facility-exists = इस कोड वाला टीकाकरण केंद्र पहले से मौजूद है।
error-invalid-session-dates = सत्र केवल आज या उसके बाद की तिथियों के लिए बनाए जा सकते हैं, और एक बार में अधिकतम { $days } दिन की अवधि के लिए।
error-vaccine-not-available = { $date } को यह टीका उपयोग में नहीं है।
error-invalid-doses = कृपया 1 से { $max } तक के खुराक क्रमांक चुनें।
error-invalid-age-limits = आयु सीमाएँ मान्य नहीं हैं: न्यूनतम आयु 0 से 150 के बीच होनी चाहिए और अधिकतम आयु से अधिक नहीं होनी चाहिए।
error-invalid-capacity = क्षमता 1 से 1,00,000 जगहों तक होनी चाहिए, और बिना अपॉइंटमेंट आने वाले लोगों का हिस्सा 0 से 1 के बीच होना चाहिए।
error-invalid-slots = कृपया HH:MM-HH:MM प्रारूप में 1 से 48 समय-स्लॉट दें। हर स्लॉट का शुरू होने का समय उसके खत्म होने के समय से पहले होना चाहिए।
error-reason-required = कृपया कारण बताएँ (1 से 500 अक्षर)।
error-invalid-idempotency-key = हर खुराक के लिए 8 से 100 वर्णों की एक अनुरोध कुंजी (idempotency key) होनी चाहिए, जिसे ऐप केवल एक बार बनाता है।
error-invalid-batch = कृपया शीशी पर छपा बैच नंबर दर्ज करें (1 से 64 वर्ण)।
error-duplicate-request = यह अनुरोध कुंजी किसी दूसरी खुराक के लिए पहले ही इस्तेमाल हो चुकी है। कृपया हर खुराक के लिए नई कुंजी बनाएँ।
error-idempotency-key-reused = यह अनुरोध कुंजी किसी अलग खुराक (दूसरा व्यक्ति, टीका, बैच, खुराक संख्या या छूट) के लिए पहले ही इस्तेमाल हो चुकी है। कृपया हर खुराक के लिए नई कुंजी बनाएँ।
error-dose-not-found = यह खुराक उन खुराकों में नहीं मिली जिनके बारे में आप रिपोर्ट कर सकते हैं।
error-invalid-aefi = रिपोर्ट अधूरी है या मान्य नहीं है: कृपया फ़ील्ड “{ $field }” जाँचें।
error-dose-revoked = यह खुराक रद्द की जा चुकी है; रद्द की गई खुराक को बदला या फिर से रद्द नहीं किया जा सकता।
error-merge-conflict = दोनों रिकॉर्ड में खुराक { $dose } दर्ज है। पहले गलत वाली रद्द करें, फिर विलय करें।
error-merge-self = किसी रिकॉर्ड का उसी में विलय नहीं हो सकता: दो अलग रिकॉर्ड दें।
error-no-certificate = अभी कोई प्रमाणपत्र नहीं है: इस व्यक्ति की कोई खुराक दर्ज नहीं हुई है।
error-certificate-not-available = इस सर्वर से टीकाकरण प्रमाणपत्र अभी डाउनलोड नहीं किए जा सकते।

## भूमिका और कार्यक्षेत्र मेल क्यों नहीं खाते (`error-invalid-scope` का कारण)।

scope-needs-region = { $role } के लिए एक क्षेत्र चाहिए, कोई केंद्र नहीं
scope-needs-facility = { $role } के लिए एक केंद्र चाहिए, कोई क्षेत्र नहीं
scope-needs-nothing = { $role } का कोई क्षेत्र या केंद्र नहीं होता
scope-unknown-region = क्षेत्र “{ $region }” प्रोफ़ाइल में नहीं है

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = अनंतिम टीकाकरण प्रमाणपत्र
certificate-title-final = अंतिम टीकाकरण प्रमाणपत्र
certificate-title-booster = बूस्टर टीकाकरण प्रमाणपत्र
certificate-name = नाम
certificate-birth = जन्म तिथि
certificate-identifier = पहचान दस्तावेज़
certificate-vaccine = टीका
certificate-manufacturer = निर्माता
certificate-lot = बैच
certificate-date = टीकाकरण की तिथि
certificate-dose = खुराक
certificate-dose-of = { $total } में से { $dose }
certificate-centre = टीकाकरण केंद्र
certificate-country = देश
certificate-next-dose = अगली खुराक इस तिथि से
certificate-issuer = जारीकर्ता
certificate-id = प्रमाणपत्र आईडी
certificate-footer = इस प्रमाणपत्र की पुष्टि के लिए क्यूआर कोड स्कैन करें।
certificate-valid = यह प्रमाणपत्र मान्य है।
certificate-invalid = यह प्रमाणपत्र मान्य नहीं है ({ $reason })।


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = पाठ
json-expected-integer = एक पूर्ण संख्या
json-expected-number = एक संख्या
json-expected-boolean = true या false
json-expected-list = एक सूची
json-expected-object = एक ऑब्जेक्ट
json-expected-date = YYYY-MM-DD रूप में लिखी तारीख़
json-expected-one-of = इनमें से एक: { $values }
json-expected-present = दिया हुआ (यह आवश्यक है)
json-expected-other = किसी दूसरे रूप में

## पूर्वानुमान (`vaxkit forecast`): हर खुराक की जाँच और हर टीका समूह की अगली खुराक।
forecast-dose-valid = खुराक { $number } ({ $date }, { $product }): मान्य।
forecast-dose-not-valid = खुराक { $number } ({ $date }, { $product }): गिनी नहीं जाती: { $reason }।
forecast-group-due = { $group }: खुराक { $dose } { $earliest } से, अनुशंसित तिथि { $recommended }।
forecast-group-due-until = { $group }: खुराक { $dose } { $earliest } से, अनुशंसित तिथि { $recommended }, { $past_due } के बाद विलंबित।
forecast-group-status = { $group }: { $status }।
forecast-status-not-complete = अधूरा
forecast-status-complete = पूरा
forecast-status-aged-out = श्रृंखला पूरी करने के लिए आयु अधिक
forecast-status-immune = प्रतिरक्षित
forecast-status-not-recommended = अभी कोई खुराक अनुशंसित नहीं
forecast-reason-too-young = न्यूनतम आयु से पहले दी गई
forecast-reason-too-old = अधिकतम आयु के बाद दी गई, आवश्यक नहीं
forecast-reason-too-soon = पिछली खुराक के बहुत जल्दी बाद दी गई
forecast-reason-live-virus-conflict = किसी अन्य जीवित टीके के बहुत जल्दी बाद दी गई
forecast-reason-not-allowable = यह टीका इस खुराक के लिए नहीं गिना जाता
forecast-reason-inadvertent = गलती से दी गई
forecast-reason-series-complete = आवश्यक नहीं, श्रृंखला पहले ही पूरी थी
forecast-reason-not-evaluated = प्रोफ़ाइल की कोई श्रृंखला इस टीके को शामिल नहीं करती
