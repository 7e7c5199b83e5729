# vaxkit वेब पेज — हिन्दी।

page-skip = सामग्री पर जाएँ
page-nav-languages = भाषा
page-nav-main = मुख्य मेनू
page-nav-find = टीकाकरण सत्र खोजें
page-nav-login = लॉग इन करें
page-nav-me = मेरा परिवार
page-nav-vaccinator = आज की कतार
page-nav-staff = कर्मचारी लॉग इन
page-logout = लॉग आउट करें
page-staff-logout = कर्मचारी लॉग आउट
page-back = वापस
page-back-home = मुख्य पृष्ठ पर वापस जाएँ
page-error-title = यह काम नहीं हुआ
page-csrf-refused = इस फ़ॉर्म की अवधि समाप्त हो गई है। वापस जाएँ, पेज फिर से लोड करें और दोबारा भेजें।
page-expected-person = कम से कम एक व्यक्ति चुना हुआ

page-home-title = टीकाकरण
page-home-intro = अपने परिवार का पंजीकरण करें, पास का टीकाकरण सत्र बुक करें और प्रमाणपत्र डाउनलोड करें।
page-home-citizen = पंजीकरण या बुकिंग करें

page-find-title = टीकाकरण सत्र खोजें
page-find-region = क्षेत्र
page-find-any-region = कोई क्षेत्र चुनें
page-find-postal-code = या पिन कोड
page-find-date = दिन
page-find-search = खोजें
page-find-results = उस दिन के सत्र
page-find-week = इस केंद्र पर इस सप्ताह के सत्र
page-find-centre-week = इस केंद्र का सप्ताह
page-find-doses = खुराक { $doses }
page-find-available = { $count ->
        [one] { $count } स्थान बचा है
       *[other] { $count } स्थान बचे हैं
    }
page-find-book = बुक करें
page-find-none = कोई सत्र नहीं मिला। कोई दूसरा दिन या स्थान आज़माएँ।
page-find-pages = परिणामों के पृष्ठ
page-find-previous = पिछला पृष्ठ
page-find-next = अगला पृष्ठ
page-find-page = पृष्ठ { $page } / { $pages }

page-login-title = अपने मोबाइल नंबर से लॉग इन करें
page-login-mobile = मोबाइल नंबर
page-login-send = मुझे कोड भेजें
page-code-title = कोड दर्ज करें
page-code-sent = हमने आपके मोबाइल नंबर पर SMS से एक कोड भेजा है।
page-code-label = SMS में आया कोड
page-code-check = लॉग इन करें
page-code-again = नया कोड भेजें

page-me-title = मेरा परिवार
page-me-appointments = अपॉइंटमेंट
page-me-appointment = { $name }: { $date }, { $slot }, { $facility }
page-me-people = लोग
page-me-dose = खुराक { $dose }: { $vaccine }, { $date }
page-me-no-dose = अभी तक कोई खुराक दर्ज नहीं हुई है।
page-me-certificate = प्रमाणपत्र
page-me-book = टीकाकरण बुक करें
page-me-correct = विवरण सुधारें
page-me-remove = { $name } को हटाएँ
page-me-nobody = अभी तक किसी का पंजीकरण नहीं हुआ है।
page-me-add = व्यक्ति जोड़ें

page-person-new = व्यक्ति जोड़ें
page-person-correct = विवरण सुधारें
page-person-once = हर विवरण केवल एक बार सुधारा जा सकता है।
page-person-name = पहचान पत्र पर लिखा नाम
page-person-latin-name = लैटिन अक्षरों में नाम, जैसा पासपोर्ट में है
page-person-latin-name-hint = जब नाम देवनागरी या थाई जैसी किसी अन्य लिपि में लिखा हो, तब विदेश में पढ़े जाने वाले प्रमाणपत्रों के लिए ज़रूरी है।
page-person-birth-date = जन्म तिथि
page-person-birth-year = जन्म वर्ष
page-person-gender = लिंग
page-person-id-scheme = पहचान पत्र
page-person-id-number = पहचान पत्र संख्या
page-person-save = पंजीकरण करें
page-person-save-correction = सुधार सहेजें

page-book-title = बुक करें
page-book-session = { $date } को { $vaccine }: { $count ->
        [one] { $count } स्थान बचा है
       *[other] { $count } स्थान बचे हैं
    }।
page-book-slot = समय
page-book-people = कौन आ रहा है
page-book-confirm = इन लोगों के लिए बुक करें

page-slip-title = अपॉइंटमेंट पर्ची
page-slip-name = व्यक्ति
page-slip-when = कब
page-slip-where = कहाँ
page-slip-vaccine = टीका
page-slip-dose = खुराक { $dose }
page-slip-status = स्थिति
page-slip-code = सुरक्षा कोड:
page-slip-show = केंद्र पर यह कोड दिखाएँ।
page-slip-cancel = यह अपॉइंटमेंट रद्द करें
page-status-booked = बुक है
page-status-cancelled = रद्द
page-status-done = टीका लग गया

page-cert-title = टीकाकरण प्रमाणपत्र
page-cert-qr = जाँच के लिए यह QR कोड दिखाएँ।
page-cert-pdf = प्रमाणपत्र डाउनलोड करें (PDF)

page-staff-title = कर्मचारी लॉग इन
page-staff-username = उपयोगकर्ता नाम
page-staff-password = पासवर्ड
page-staff-login = लॉग इन करें

page-queue-title = आज की कतार
page-queue-lookup = सुरक्षा कोड
page-queue-find = खोजें
page-queue-day = { $day } के अपॉइंटमेंट
page-queue-record = खुराक दर्ज करें
page-queue-empty = कोई प्रतीक्षा में नहीं है।
page-queue-recorded = खुराक दर्ज हो गई ({ $reference })।
page-record-title = खुराक दर्ज करें
page-record-vaccine = टीका
page-record-dose = खुराक संख्या
page-record-batch = शीशी पर लिखा बैच नंबर
page-record-override = फिर भी खुराक देने का कारण (केवल मना होने पर)
page-record-save = खुराक दर्ज करें

## ऑफ़लाइन टीकाकर्ता का सिंक।

sync-expected-at-most = एक अनुरोध में अधिकतम { $count } खुराक
sync-expected-recent = पिछले { $days } दिनों के भीतर का समय, भविष्य का नहीं

## ऑफ़लाइन टीकाकर्ता।

page-offline-title = आज की कतार, ऑफ़लाइन
page-offline-online = कनेक्ट है: खुराक दर्ज होते ही भेजी जाती हैं।
page-offline-offline = कनेक्शन नहीं है: खुराक इसी फ़ोन पर रखी जाती हैं और कनेक्शन लौटने पर भेजी जाती हैं।
page-offline-waiting = भेजे जाने की प्रतीक्षा में खुराक: { $count }
page-offline-refused = अस्वीकृत खुराक
page-offline-refusal = { $name }: { $reason }
page-offline-person = व्यक्ति
page-offline-noscript = JavaScript के बिना इस पेज को कनेक्शन चाहिए: नीचे की सूची से हर खुराक दर्ज करें।
page-queue-offline = बिना कनेक्शन के काम करें

## सार्वजनिक पेज: प्रमाणपत्र की जाँच और आँकड़े।

page-nav-verify = प्रमाणपत्र जाँचें
page-nav-dashboard = आँकड़े
page-verify-title = टीकाकरण प्रमाणपत्र जाँचें
page-verify-paste = QR कोड का टेक्स्ट चिपकाएँ
page-verify-check = जाँचें
page-verify-holder = धारक:
page-verify-photo = या QR कोड की फ़ोटो चुनें
page-verify-camera = कैमरा इस्तेमाल करें
page-verify-no-code = कोई QR कोड पढ़ा नहीं जा सका। साफ़ फ़ोटो आज़माएँ, या टेक्स्ट चिपकाएँ।
page-verify-expected-photo = पढ़ने योग्य QR कोड वाली PNG या JPEG फ़ोटो
page-dashboard-title = टीकाकरण के आँकड़े
page-dashboard-from = से
page-dashboard-until = तक
page-dashboard-show = दिखाएँ
page-dashboard-total = इस अवधि में दी गई खुराकें
page-dashboard-per-day = प्रति दिन खुराकें
page-dashboard-per-region = प्रति क्षेत्र खुराकें
page-dashboard-per-vaccine = प्रति टीका खुराकें
page-dashboard-table = आँकड़े तालिका के रूप में
page-dashboard-day = दिन
page-dashboard-doses = खुराकें

## प्रशासकों की रिपोर्ट।

page-nav-reports = रिपोर्ट
page-admin-reports-title = टीकाकरण रिपोर्ट
page-admin-region-all = आपके दायरे के सभी क्षेत्र
page-admin-csv = CSV के रूप में डाउनलोड करें
page-admin-per-dose = खुराक संख्या के अनुसार खुराकें
page-admin-per-age = आयु वर्ग के अनुसार खुराकें
page-admin-per-gender = लिंग के अनुसार खुराकें
page-admin-coverage = जनसंख्या की तुलना में कवरेज
page-admin-population = जनसंख्या
page-admin-first-dose-percent = प्रति 100 लोगों पर पहली खुराकें

## Walk-ins.

page-walk-in-title = बिना अपॉइंटमेंट आया व्यक्ति
page-queue-walk-in = बिना अपॉइंटमेंट आया व्यक्ति

## Moving an appointment.

page-slip-move = दूसरे दिन या स्थान पर बदलें
page-find-moving = इस अपॉइंटमेंट के लिए नया सत्र चुनें।
page-book-moving = अपॉइंटमेंट यहाँ बदल जाएगा; पुराना स्थान खाली कर दिया जाएगा।
page-book-move = अपॉइंटमेंट यहाँ बदलें

## Adverse events after immunisation (AEFI).

page-aefi-title = टीकाकरण के बाद की समस्या बताएँ
page-aefi-link = इस खुराक के बाद की समस्या बताएँ
page-aefi-onset = लक्षणों का पहला दिन
page-aefi-symptoms = लक्षण
page-aefi-seriousness = क्या यह गंभीर था? (यदि नहीं, तो खाली छोड़ें)
page-aefi-outcome = अब तक की स्थिति
page-aefi-description = क्या हुआ, अपने शब्दों में
page-aefi-send = रिपोर्ट भेजें
page-aefi-reported = रिपोर्ट भेज दी गई ({ $reference })। धन्यवाद: कोई स्वास्थ्यकर्मी आपसे संपर्क कर सकता है।
aefi-symptom-fever = बुखार
aefi-symptom-injection-site-reaction = इंजेक्शन की जगह पर दर्द, लाली या सूजन
aefi-symptom-headache = सिरदर्द
aefi-symptom-fatigue = थकान
aefi-symptom-myalgia = मांसपेशियों में दर्द
aefi-symptom-nausea = जी मिचलाना
aefi-symptom-vomiting = उल्टी
aefi-symptom-diarrhoea = दस्त
aefi-symptom-rash = चकत्ते
aefi-symptom-allergic-reaction = एलर्जी की प्रतिक्रिया
aefi-symptom-anaphylaxis = एनाफिलेक्सिस (गंभीर एलर्जी प्रतिक्रिया)
aefi-symptom-syncope = बेहोशी
aefi-symptom-seizure = दौरा
aefi-symptom-thrombosis = खून का थक्का
aefi-symptom-myocarditis = हृदय की सूजन (मायोकार्डाइटिस)
aefi-symptom-other = कुछ और
aefi-serious-death = मृत्यु
aefi-serious-life-threatening = जानलेवा
aefi-serious-hospitalisation = अस्पताल में भर्ती
aefi-serious-disability = स्थायी विकलांगता
aefi-serious-congenital-anomaly = जन्मजात दोष
aefi-serious-other-medically-important = अन्य चिकित्सकीय रूप से महत्वपूर्ण घटना
aefi-outcome-recovered = ठीक हो गए
aefi-outcome-recovering = ठीक हो रहे हैं
aefi-outcome-not-recovered = ठीक नहीं हुए
aefi-outcome-recovered-with-sequelae = स्थायी असर के साथ ठीक हुए
aefi-outcome-fatal = मृत्यु हो गई
aefi-outcome-unknown = पता नहीं

## Administrators' lists.

page-admin-aefi-title = प्रतिकूल घटना रिपोर्टें
page-admin-aefi-all = सभी रिपोर्टें
page-admin-aefi-serious-only = केवल गंभीर रिपोर्टें
page-admin-aefi-serious = गंभीर
page-admin-aefi-none = कोई रिपोर्ट नहीं।
page-admin-facilities-title = केंद्र
page-admin-facilities-import = केंद्र `vaxkit import facilities FILE.csv` से एक साथ जोड़े और बदले जाते हैं, जो हर अस्वीकृत पंक्ति को उसके कारण के साथ बताता है।
page-admin-facility-code = कोड
page-admin-facility-name = नाम
page-admin-facility-open = खुला
page-admin-facility-closed = बंद
page-admin-import-link = CSV फ़ाइल आयात करें
page-admin-import-title = केंद्र आयात करें
page-admin-import-help = ऐसी CSV फ़ाइल चिपकाएँ जिसकी पहली पंक्ति { $columns } हो; # से शुरू होने वाली पंक्तियाँ टिप्पणियाँ हैं। नए कोड जोड़े जाते हैं और ज्ञात कोड बदले जाते हैं; अस्वीकृत पंक्तियाँ अपनी पंक्ति संख्या के साथ दिखाई जाती हैं और बाकी आयात हो जाती हैं।
page-admin-import-file = CSV फ़ाइल
page-admin-import-submit = आयात करें
page-admin-import-done = { $added } जोड़े गए, { $updated } बदले गए, { $unchanged } अपरिवर्तित, { $rejected } अस्वीकृत।
page-admin-import-rejected = अस्वीकृत पंक्तियाँ
page-admin-import-line = पंक्ति { $line }: { $reason }
page-admin-import-header = पहली पंक्ति { $columns } होनी चाहिए।
page-admin-import-unreadable = यह पढ़ने योग्य CSV नहीं है (उद्धरण चिह्न जाँचें)
page-admin-import-fields = इसमें { $found } फ़ील्ड हैं, पहली पंक्ति में { $expected } हैं
page-admin-import-number = “{ $value }” संख्या नहीं है
page-admin-import-code = कोड में A–Z, 0–9, - और _ के 2 से 32 अक्षर होने चाहिए
page-admin-import-text = नाम और पता 1 से 200 अक्षरों के होने चाहिए
page-admin-import-region = क्षेत्र प्रोफ़ाइल में नहीं है
page-admin-import-postal = पिन कोड देश के नियम से मेल नहीं खाता
page-admin-import-coordinates = अक्षांश और देशांतर दोनों देने होंगे, -90 से 90 और -180 से 180 के बीच
page-admin-import-scope = केंद्र का क्षेत्र आपके दायरे से बाहर है
page-admin-sessions-title = सत्र
page-admin-sessions-facility = केंद्र
page-admin-sessions-show = दिखाएँ
page-admin-sessions-from = पहला दिन
page-admin-sessions-until = अंतिम दिन
page-admin-sessions-none = इस अवधि में कोई सत्र नहीं।
page-admin-sessions-vaccine = टीका
page-admin-sessions-doses = खुराकें
page-admin-sessions-ages = आयु
page-admin-sessions-slots = समय
page-admin-sessions-booked = ऑनलाइन बुक
page-admin-sessions-booked-of = { $capacity } में से { $booked }
page-admin-sessions-walk-in = बिना अपॉइंटमेंट आने वालों के लिए
page-admin-sessions-cancelled = रद्द
page-admin-sessions-reason = रद्द करने का कारण
page-admin-sessions-cancel = सत्र रद्द करें
page-admin-sessions-plan = सत्र की योजना बनाएँ
page-admin-sessions-plan-help = पहले दिन से अंतिम दिन तक हर दिन एक सत्र। खुराकें 1,2 की तरह; समय 09:00-11:00 की तरह, रिक्त स्थान से अलग।
page-admin-sessions-min-age = न्यूनतम आयु (वर्ष)
page-admin-sessions-max-age = अधिकतम आयु (वर्ष, वैकल्पिक)
page-admin-sessions-capacity = प्रति सत्र स्थान
page-admin-sessions-share = बिना अपॉइंटमेंट आने वालों के लिए हिस्सा (%, वैकल्पिक)
page-admin-sessions-submit = योजना बनाएँ
page-admin-staff-title = कर्मचारी
page-admin-staff-disable = { $username } को निष्क्रिय करें
page-admin-staff-disabled = निष्क्रिय
page-admin-staff-new = नया खाता
page-admin-staff-name = पूरा नाम
page-admin-staff-password = प्रारंभिक पासवर्ड (कम से कम 12 अक्षर)
page-admin-staff-role = भूमिका
page-admin-staff-region = क्षेत्र कोड (क्षेत्र प्रशासक, क्षेत्रीय लेखा परीक्षक)
page-admin-staff-facility = केंद्र कोड (केंद्र प्रशासक, टीकाकर्मी)
page-admin-staff-create = खाता बनाएँ
page-staff-role-national-admin = राष्ट्रीय प्रशासक
page-staff-role-region-admin = क्षेत्र प्रशासक
page-staff-role-facility-admin = केंद्र प्रशासक
page-staff-role-vaccinator = टीकाकर्मी
page-staff-role-verifier = सत्यापनकर्ता
page-staff-role-auditor = लेखा परीक्षक
page-admin-corrections-title = सुधार
page-admin-corrections-reference = व्यक्ति का संदर्भ
page-admin-corrections-find = खोजें
page-admin-corrections-merged = { $reference } में मिलाया गया
page-admin-corrections-is-revoked = रद्द: { $reason }
page-admin-corrections-correct = यह खुराक सुधारें
page-admin-corrections-blank = केवल वही भरें जो बदलता है; खाली फ़ील्ड जैसे हैं वैसे रहते हैं।
page-admin-corrections-batch = बैच
page-admin-corrections-given-on = खुराक का दिन
page-admin-corrections-reason = कारण (ऑडिट लॉग में रखा जाता है)
page-admin-corrections-save = सुधार सहेजें
page-admin-corrections-revoke = यह खुराक रद्द करें
page-admin-corrections-corrected = खुराक सुधार दी गई है।
page-admin-corrections-revoked = खुराक रद्द कर दी गई है।
