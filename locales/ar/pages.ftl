# صفحات vaxkit على الويب — العربية.

page-skip = الانتقال إلى المحتوى
page-nav-languages = اللغة
page-nav-main = القائمة الرئيسية
page-nav-find = البحث عن جلسة تطعيم
page-nav-login = تسجيل الدخول
page-nav-me = عائلتي
page-nav-vaccinator = قائمة اليوم
page-nav-staff = دخول الموظفين
page-logout = تسجيل الخروج
page-staff-logout = خروج الموظفين
page-back = رجوع
page-back-home = العودة إلى الصفحة الرئيسية
page-error-title = لم تنجح العملية
page-csrf-refused = انتهت صلاحية هذا النموذج. ارجع، وأعد تحميل الصفحة، ثم أرسله مرة أخرى.
page-expected-person = اختيار شخص واحد على الأقل

page-home-title = التطعيم
page-home-intro = سجّل أفراد عائلتك، واحجز جلسة تطعيم قريبة منك، ونزّل الشهادات.
page-home-citizen = التسجيل أو الحجز

page-find-title = البحث عن جلسة تطعيم
page-find-region = المنطقة
page-find-any-region = اختر منطقة
page-find-postal-code = أو الرمز البريدي
page-find-date = اليوم
page-find-search = بحث
page-find-results = الجلسات في ذلك اليوم
page-find-week = جلسات هذا الأسبوع في هذا المركز
page-find-centre-week = أسبوع هذا المركز
page-find-doses = الجرعات { $doses }
page-find-available = { $count ->
        [zero] لا توجد أماكن متبقية
        [one] بقي مكان واحد
        [two] بقي مكانان
        [few] بقيت { $count } أماكن
       *[other] بقي { $count } مكانًا
    }
page-find-book = احجز
page-find-none = لم يُعثر على أي جلسة. جرّب يومًا أو مكانًا آخر.
page-find-pages = صفحات النتائج
page-find-previous = الصفحة السابقة
page-find-next = الصفحة التالية
page-find-page = الصفحة { $page } من { $pages }

page-login-title = سجّل الدخول برقم هاتفك المحمول
page-login-mobile = رقم الهاتف المحمول
page-login-send = أرسل لي رمزًا
page-code-title = أدخل الرمز
page-code-sent = أرسلنا رمزًا برسالة نصية إلى رقم هاتفك المحمول.
page-code-label = الرمز الوارد في الرسالة
page-code-check = تسجيل الدخول
page-code-again = إرسال رمز جديد

page-me-title = عائلتي
page-me-appointments = المواعيد
page-me-appointment = { $name }: { $date }، { $slot }، { $facility }
page-me-people = الأشخاص
page-me-dose = الجرعة { $dose }: { $vaccine }، { $date }
page-me-no-dose = لم تُسجَّل أي جرعة بعد.
page-me-certificate = الشهادة
page-me-book = حجز تطعيم
page-me-correct = تصحيح البيانات
page-me-remove = إزالة { $name }
page-me-nobody = لم يُسجَّل أحد بعد.
page-me-add = إضافة شخص

page-person-new = إضافة شخص
page-person-correct = تصحيح البيانات
page-person-once = يمكن تصحيح كل معلومة مرة واحدة فقط.
page-person-name = الاسم كما في وثيقة الهوية
page-person-latin-name = الاسم بالحروف اللاتينية كما في جواز السفر
page-person-latin-name-hint = مطلوب للشهادات التي تُقرأ في الخارج إذا كان الاسم مكتوبًا بخط آخر مثل الديفاناغاري أو التايلندي.
page-person-birth-date = تاريخ الميلاد
page-person-birth-year = سنة الميلاد
page-person-gender = الجنس
page-person-id-scheme = وثيقة الهوية
page-person-id-number = رقم الوثيقة
page-person-save = تسجيل
page-person-save-correction = حفظ التصحيح

page-book-title = الحجز
page-book-session = { $vaccine } في { $date }: { $count ->
        [zero] لا توجد أماكن متبقية
        [one] بقي مكان واحد
        [two] بقي مكانان
        [few] بقيت { $count } أماكن
       *[other] بقي { $count } مكانًا
    }.
page-book-slot = الموعد
page-book-people = من سيحضر
page-book-confirm = احجز لهؤلاء الأشخاص

page-slip-title = إيصال الموعد
page-slip-name = الشخص
page-slip-when = متى
page-slip-where = أين
page-slip-vaccine = اللقاح
page-slip-dose = الجرعة { $dose }
page-slip-status = الحالة
page-slip-code = رمز الأمان:
page-slip-show = أظهر هذا الرمز في المركز.
page-slip-cancel = إلغاء هذا الموعد
page-status-booked = محجوز
page-status-cancelled = ملغى
page-status-done = تم التطعيم

page-cert-title = شهادة التطعيم
page-cert-qr = أظهر رمز الاستجابة السريعة هذا للتحقق منه.
page-cert-pdf = تنزيل الشهادة (PDF)

page-staff-title = دخول الموظفين
page-staff-username = اسم المستخدم
page-staff-password = كلمة المرور
page-staff-login = دخول

page-queue-title = قائمة اليوم
page-queue-lookup = رمز الأمان
page-queue-find = بحث
page-queue-day = مواعيد يوم { $day }
page-queue-record = تسجيل الجرعة
page-queue-empty = لا أحد في الانتظار.
page-queue-recorded = سُجّلت الجرعة ({ $reference }).
page-record-title = تسجيل جرعة
page-record-vaccine = اللقاح
page-record-dose = رقم الجرعة
page-record-batch = رقم التشغيلة المدوّن على القارورة
page-record-override = سبب إعطاء الجرعة رغم ذلك (فقط عند الرفض)
page-record-save = تسجيل الجرعة

## مزامنة المطعِّم دون اتصال.

sync-expected-at-most = { $count } جرعة على الأكثر في الطلب الواحد
sync-expected-recent = وقتًا ضمن آخر { $days } أيام، لا في المستقبل

## المطعِّم دون اتصال.

page-offline-title = قائمة اليوم دون اتصال
page-offline-online = متصل: تُرسَل الجرعات فور تسجيلها.
page-offline-offline = لا يوجد اتصال: تُحفَظ الجرعات على هذا الهاتف وتُرسَل عند عودة الاتصال.
page-offline-waiting = جرعات بانتظار الإرسال: { $count }
page-offline-refused = جرعات مرفوضة
page-offline-refusal = { $name }: { $reason }
page-offline-person = الشخص
page-offline-noscript = دون JavaScript تحتاج هذه الصفحة إلى اتصال: سجّل كل جرعة من القائمة أدناه.
page-queue-offline = العمل دون اتصال

## الصفحات العامة: التحقق من الشهادات ولوحة الأرقام.

page-nav-verify = التحقق من شهادة
page-nav-dashboard = الأرقام
page-verify-title = التحقق من شهادة تطعيم
page-verify-paste = الصق نص رمز الاستجابة السريعة
page-verify-check = تحقّق
page-verify-holder = صاحب الشهادة:
page-verify-photo = أو اختر صورة لرمز الاستجابة السريعة
page-verify-camera = استخدم الكاميرا
page-verify-no-code = تعذّرت قراءة أي رمز. جرّب صورة أوضح، أو الصق النص.
page-verify-expected-photo = صورة PNG أو JPEG فيها رمز استجابة سريعة مقروء
page-dashboard-title = أرقام التطعيم
page-dashboard-from = من
page-dashboard-until = إلى
page-dashboard-show = عرض
page-dashboard-total = الجرعات المعطاة في هذه الفترة
page-dashboard-per-day = الجرعات في كل يوم
page-dashboard-per-region = الجرعات في كل منطقة
page-dashboard-per-vaccine = الجرعات لكل لقاح
page-dashboard-table = الأرقام في جدول
page-dashboard-day = اليوم
page-dashboard-doses = الجرعات

## تقارير المسؤولين.

page-nav-reports = التقارير
page-admin-reports-title = تقارير التطعيم
page-admin-region-all = كل المناطق ضمن نطاقك
page-admin-csv = التنزيل بصيغة CSV
page-admin-per-dose = الجرعات حسب رقم الجرعة
page-admin-per-age = الجرعات حسب الفئة العمرية
page-admin-per-gender = الجرعات حسب الجنس
page-admin-coverage = التغطية مقارنة بعدد السكان
page-admin-population = عدد السكان
page-admin-first-dose-percent = الجرعات الأولى لكل 100 شخص

## Walk-ins.

page-walk-in-title = شخص بلا موعد
page-queue-walk-in = شخص بلا موعد

## Moving an appointment.

page-slip-move = النقل إلى يوم أو مكان آخر
page-find-moving = اختر الجلسة الجديدة لهذا الموعد.
page-book-moving = يُنقل الموعد إلى هنا، ويُعاد المكان السابق.
page-book-move = انقل الموعد إلى هنا

## Adverse events after immunisation (AEFI).

page-aefi-title = الإبلاغ عن مشكلة بعد التطعيم
page-aefi-link = الإبلاغ عن مشكلة بعد هذه الجرعة
page-aefi-onset = أول يوم ظهرت فيه الأعراض
page-aefi-symptoms = الأعراض
page-aefi-seriousness = هل كانت خطيرة؟ (اتركها فارغة إن لم تكن كذلك)
page-aefi-outcome = الحالة حتى الآن
page-aefi-description = ما الذي حدث، بكلماتك
page-aefi-send = إرسال البلاغ
page-aefi-reported = أُرسل البلاغ ({ $reference }). شكرًا لك: قد يتواصل معك أحد العاملين الصحيين.
aefi-symptom-fever = حمّى
aefi-symptom-injection-site-reaction = ألم أو احمرار أو تورّم في موضع الحقن
aefi-symptom-headache = صداع
aefi-symptom-fatigue = إرهاق
aefi-symptom-myalgia = ألم في العضلات
aefi-symptom-nausea = غثيان
aefi-symptom-vomiting = تقيؤ
aefi-symptom-diarrhoea = إسهال
aefi-symptom-rash = طفح جلدي
aefi-symptom-allergic-reaction = رد فعل تحسّسي
aefi-symptom-anaphylaxis = تأق (رد فعل تحسّسي شديد)
aefi-symptom-syncope = إغماء
aefi-symptom-seizure = نوبة تشنّج
aefi-symptom-thrombosis = جلطة دموية
aefi-symptom-myocarditis = التهاب عضلة القلب
aefi-symptom-other = شيء آخر
aefi-serious-death = وفاة
aefi-serious-life-threatening = خطر على الحياة
aefi-serious-hospitalisation = دخول المستشفى
aefi-serious-disability = إعاقة دائمة
aefi-serious-congenital-anomaly = عيب خلقي
aefi-serious-other-medically-important = حدث آخر مهم طبيًا
aefi-outcome-recovered = تعافى
aefi-outcome-recovering = في طور التعافي
aefi-outcome-not-recovered = لم يتعافَ
aefi-outcome-recovered-with-sequelae = تعافى مع آثار دائمة
aefi-outcome-fatal = توفي
aefi-outcome-unknown = غير معروف

## Administrators' lists.

page-admin-aefi-title = بلاغات الأحداث الضارة
page-admin-aefi-all = كل البلاغات
page-admin-aefi-serious-only = البلاغات الخطيرة فقط
page-admin-aefi-serious = خطير
page-admin-aefi-none = لا توجد بلاغات.
page-admin-facilities-title = المرافق
page-admin-facilities-import = تُضاف المرافق وتُعدَّل دفعة واحدة بالأمر `vaxkit import facilities FILE.csv`، الذي يذكر كل سطر مرفوض مع سببه.
page-admin-facility-code = الرمز
page-admin-facility-name = الاسم
page-admin-facility-open = مفتوح
page-admin-facility-closed = مغلق
page-admin-import-link = استيراد ملف CSV
page-admin-import-title = استيراد المرافق
page-admin-import-help = الصق ملف CSV يكون سطره الأول { $columns }؛ الأسطر التي تبدأ بـ # تعليقات. تُضاف الرموز الجديدة وتُحدَّث الرموز المعروفة؛ تُذكر الصفوف المرفوضة مع رقم سطرها، وتُستورد الصفوف الأخرى.
page-admin-import-file = ملف CSV
page-admin-import-submit = استيراد
page-admin-import-done = أُضيف { $added }، وحُدِّث { $updated }، وبقي { $unchanged } دون تغيير، ورُفض { $rejected }.
page-admin-import-rejected = الصفوف المرفوضة
page-admin-import-line = السطر { $line }: { $reason }
page-admin-import-header = يجب أن يكون السطر الأول { $columns }.
page-admin-import-unreadable = ليس CSV مقروءًا (تحقق من علامات الاقتباس)
page-admin-import-fields = فيه { $found } حقول، وفي السطر الأول { $expected }
page-admin-import-number = «{ $value }» ليس رقمًا
page-admin-import-code = يجب أن يتكون الرمز من 2 إلى 32 حرفًا من A–Z و0–9 و- و_
page-admin-import-text = يجب أن يتكون الاسم والعنوان من 1 إلى 200 حرف
page-admin-import-region = المنطقة ليست في الملف التعريفي
page-admin-import-postal = الرمز البريدي لا يتبع قاعدة البلد
page-admin-import-coordinates = يجب إعطاء خط العرض وخط الطول معًا، بين -90 و90 وبين -180 و180
page-admin-import-scope = منطقة المرفق خارج نطاق صلاحياتك
page-admin-sessions-title = الجلسات
page-admin-sessions-facility = المرفق
page-admin-sessions-show = عرض
page-admin-sessions-from = اليوم الأول
page-admin-sessions-until = اليوم الأخير
page-admin-sessions-none = لا جلسات في هذه الفترة.
page-admin-sessions-vaccine = اللقاح
page-admin-sessions-doses = الجرعات
page-admin-sessions-ages = الأعمار
page-admin-sessions-slots = الفترات
page-admin-sessions-booked = المحجوز عبر الإنترنت
page-admin-sessions-booked-of = { $booked } من { $capacity }
page-admin-sessions-walk-in = المحفوظ للحضور دون موعد
page-admin-sessions-cancelled = ملغاة
page-admin-sessions-reason = سبب الإلغاء
page-admin-sessions-cancel = إلغاء الجلسة
page-admin-sessions-plan = تخطيط الجلسات
page-admin-sessions-plan-help = جلسة واحدة كل يوم من اليوم الأول إلى الأخير. الجرعات بالشكل 1,2؛ والفترات بالشكل 09:00-11:00 مفصولة بمسافات.
page-admin-sessions-min-age = الحد الأدنى للعمر (بالسنوات)
page-admin-sessions-max-age = الحد الأقصى للعمر (بالسنوات، اختياري)
page-admin-sessions-capacity = الأماكن في كل جلسة
page-admin-sessions-share = الجزء المحفوظ للحضور دون موعد (٪، اختياري)
page-admin-sessions-submit = تخطيط
page-admin-staff-title = الموظفون
page-admin-staff-disable = تعطيل { $username }
page-admin-staff-disabled = معطَّل
page-admin-staff-new = حساب جديد
page-admin-staff-name = الاسم الكامل
page-admin-staff-password = كلمة المرور الأولى (12 حرفًا على الأقل)
page-admin-staff-role = الدور
page-admin-staff-region = رمز المنطقة (مديرو المناطق، المدققون الإقليميون)
page-admin-staff-facility = رمز المرفق (مديرو المرافق، الملقِّحون)
page-admin-staff-create = إنشاء الحساب
page-staff-role-national-admin = مدير وطني
page-staff-role-region-admin = مدير منطقة
page-staff-role-facility-admin = مدير مرفق
page-staff-role-vaccinator = ملقِّح
page-staff-role-verifier = مُتحقِّق
page-staff-role-auditor = مدقق
page-admin-corrections-title = التصحيحات
page-admin-corrections-reference = مرجع الشخص
page-admin-corrections-find = بحث
page-admin-corrections-merged = دُمج في { $reference }
page-admin-corrections-is-revoked = ملغاة: { $reason }
page-admin-corrections-correct = تصحيح هذه الجرعة
page-admin-corrections-blank = املأ ما يتغير فقط؛ تبقى الحقول الفارغة كما هي.
page-admin-corrections-batch = التشغيلة
page-admin-corrections-given-on = يوم الجرعة
page-admin-corrections-reason = السبب (يُحفظ في سجل التدقيق)
page-admin-corrections-save = حفظ التصحيح
page-admin-corrections-revoke = إلغاء هذه الجرعة
page-admin-corrections-corrected = صُحِّحت الجرعة.
page-admin-corrections-revoked = أُلغيت الجرعة.
