# vaxkit — العربية (Arabic) messages, translated from the English base locale (locales/en/vaxkit.ftl).
# Counts of years follow the Arabic plural forms (one, two, few = 3–10, other).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = العربية

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = يمكن تلقي الجرعة { $dose } ابتداءً من { $earliest }.
schedule-eligible-until = يمكن تلقي الجرعة { $dose } من { $earliest } حتى { $latest }.
schedule-overdue = تأخر موعد الجرعة { $dose }: كان يجب إعطاؤها بحلول { $latest }. لا يزال من الممكن إعطاؤها.
schedule-too-young = لا تتوفر الأهلية بعد بسبب العمر: تتوفر الأهلية ابتداءً من { $date }.
schedule-too-young-no-date = لا تتوفر الأهلية: الحد الأدنى للعمر هو { $min_years ->
        [one] سنة واحدة
        [two] سنتان
        [few] { $min_years } سنوات
       *[other] { $min_years } سنة
    }.
schedule-too-old = لا تتوفر الأهلية: لا يُعطى هذا اللقاح إلا حتى عمر { $max_years ->
        [one] سنة واحدة
        [two] سنتين
        [few] { $max_years } سنوات
       *[other] { $max_years } سنة
    }.
schedule-too-early = لم يحن موعد الجرعة { $dose } بعد: يمكن إعطاؤها ابتداءً من { $earliest }.
schedule-series-complete = اكتملت سلسلة التطعيم: لا توجد جرعة أخرى مستحقة.
schedule-product-mix = يجب أن تكون الجرعة { $dose } من لقاح { $expected }، وهو لقاح الجرعات السابقة، وليس { $product }.
schedule-not-offered = لا تُقدَّم الجرعة { $dose } بتاريخ { $date }.
schedule-not-available = { $product } غير متوفر بتاريخ { $date }.

## Identity numbers.

id-valid = رقم { $scheme } صالح.
id-invalid-format = هذا ليس رقم { $scheme } صالحًا: يُرجى التحقق من عدد الأحرف ونوعها.
id-invalid-character = هذا ليس رقم { $scheme } صالحًا: الحرف «{ $character }» غير مسموح به.
id-invalid-check-digit = هذا ليس رقم { $scheme } صالحًا: رقم التحقق غير مطابق. يُرجى التأكد من عدم وجود خطأ في كتابة أحد الأرقام.
id-invalid-date = هذا ليس رقم { $scheme } صالحًا: تاريخ الميلاد الوارد فيه ليس تاريخًا حقيقيًا.

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = أنثى
gender-male = ذكر
gender-other = آخر

## SMS texts (sent without isolation marks; keep them short).

sms-otp = رمز الدخول إلى vaxkit هو { $code }. صالح لمدة { $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
       *[other] { $minutes } دقيقة
    }. يُرجى عدم مشاركته مع أي شخص.
sms-session-cancelled = نعتذر، أُلغيت جلسة التطعيم يوم { $date } في { $facility }، وأُلغي معها موعد { $name }. يُرجى حجز موعد آخر.
sms-appointment-booked = تم تأكيد موعد { $name } يوم { $date }، { $slot }، في { $facility }. رمز الأمان: { $code }.
notify-test-sms = رسالة اختبار من vaxkit لـ { $country }: إرسال الرسائل القصيرة يعمل.
notify-test-email-subject = رسالة اختبار من vaxkit
notify-test-email = هذه رسالة اختبار من vaxkit لـ { $country }. إذا كان بإمكانك قراءتها، فإن إرسال البريد الإلكتروني يعمل.
sms-registered = تم تسجيل { $name } للتطعيم (المرجع { $reference }). أرسل مساعدة إلى هذا الرقم لمعرفة أوامر الرسائل القصيرة.
sms-appointment-cancelled = أُلغي موعد { $name } يوم { $date } في { $facility }.
sms-reminder = تذكير: لدى { $name } موعد تطعيم غدًا، { $date }، { $slot }، في { $facility }. رمز الأمان: { $code }.
sms-appointment-missed = فات { $name } موعد التطعيم يوم { $date }. احجز موعدًا جديدًا: { $link }
sms-dose-recorded = سُجّلت الجرعة { $dose } من { $vaccine } لـ { $name }. الشهادة: { $link }
sms-dose-due = حان موعد الجرعة { $dose } من { $vaccine } لـ { $name }. احجز: { $link } أو أرسل احجز ورمزك البريدي.
sms-keyword-next = التالي
sms-keyword-book = احجز
sms-keyword-cancel = إلغاء
sms-keyword-help = مساعدة
sms-cmd-help = vaxkit بالرسائل: التالي - الجرعة والموعد التاليان؛ احجز ورمز بريدي - أماكن قريبة؛ إلغاء - إلغاء موعد.
sms-cmd-no-account = لا يوجد أحد مسجل بهذا الرقم. سجّل عبر الإنترنت أو في مركز تطعيم.
sms-cmd-none = لا يوجد موعد قائم لهذا الرقم.
sms-cmd-expired = لا يوجد ما تختاره الآن. أرسل أولًا احجز ورمزك البريدي، أو إلغاء.
sms-cmd-no-sessions = لا توجد أماكن شاغرة قرب { $postal_code } في الأيام القادمة لأصحاب هذا الرقم.
sms-cmd-refused = لم يتم: { $reason }
sms-cmd-offer-book = أرسل الرقم للحجز:
sms-cmd-offer-cancel = أرسل الرقم للإلغاء:
sms-cmd-line-book = { $number }. { $name }: { $date }، { $facility }
sms-cmd-line-cancel = { $number }. { $name }: { $date }
sms-cmd-status-booked = { $name }: موعد { $date } في { $facility }، الرمز { $code }
sms-cmd-status-due = { $name }: الجرعة { $dose } من { $vaccine } ابتداءً من { $date }
sms-cmd-status-complete = { $name }: لا جرعة مستحقة
sms-cmd-status-none = { $name }: لم تُسجل أي جرعة بعد

## API errors

error-bad-request = الطلب غير صالح.
error-invalid-json = محتوى الطلب ليس JSON صالحًا، أو ليس بالشكل المتوقع (السطر { $line }، العمود { $column }).
error-unknown-field = الحقل «{ $field }» غير مقبول هنا.
error-invalid-field = يجب أن يكون الحقل «{ $field }» { $expected }.
error-payload-too-large = محتوى الطلب كبير جدًا.
error-not-found = لم يُعثر على شيء في هذا العنوان.
error-method-not-allowed = هذه الطريقة غير مسموح بها في هذا العنوان.
error-unauthorized = يجب تسجيل الدخول للقيام بذلك.
error-forbidden = غير مسموح لك بالقيام بذلك.
error-rate-limited = طلبات كثيرة جدًا. أعد المحاولة بعد { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }.
error-unsupported-media-type = يجب أن يكون محتوى الطلب بصيغة JSON، مُرسلًا مع «Content-Type: application/json».
error-service-unavailable = الخدمة غير متاحة مؤقتًا. يُرجى المحاولة مرة أخرى بعد قليل.
error-storage-full = لا تستطيع الخدمة حفظ أي شيء الآن. يُرجى المحاولة مرة أخرى لاحقًا.
error-internal-error = حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى لاحقًا.
error-invalid-mobile = رقم الهاتف المحمول هذا غير صالح. يُرجى التحقق من عدد الأرقام.
error-otp-resend-too-soon = أُرسل رمز قبل لحظات. يمكنك طلب رمز جديد بعد { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }.
error-otp-daily-limit = أُرسل عدد كبير جدًا من الرموز إلى هذا الرقم اليوم (الحد الأقصى { $count }). يُرجى المحاولة مرة أخرى غدًا.
error-otp-invalid = هذا الرمز غير صحيح. يُرجى مراجعة الرسالة النصية والمحاولة مرة أخرى.
error-otp-expired = انتهت صلاحية هذا الرمز. يُرجى طلب رمز جديد.
error-otp-used = سبق استخدام هذا الرمز. يُرجى طلب رمز جديد.
error-otp-attempts-exceeded = محاولات خاطئة كثيرة جدًا لهذا الرمز. يُرجى طلب رمز جديد.
error-session-expired = تم تسجيل خروجك بعد فترة من عدم النشاط. يُرجى تسجيل الدخول مرة أخرى.
error-invalid-name = يُرجى إدخال الاسم كما هو مكتوب في وثيقة الهوية (من 1 إلى 100 حرف).
error-invalid-name-character = يحتوي الاسم على حرف مخفي أو حرف تحكم ({ $character }) قد يجعله يظهر بشكل مختلف. يُرجى كتابته مرة أخرى من دونه.
error-latin-name-required = الاسم مكتوب بخط لا تستطيع الشهادات المقروءة في الخارج حمله: اكتبه أيضًا بالحروف اللاتينية كما في جواز السفر (latin_name).
error-invalid-latin-name = لا يجوز أن يحتوي الاسم بالحروف اللاتينية إلا على حروف لاتينية ومسافات وشرطات وفواصل عليا؛ و{ $character } ليس منها.
error-invalid-birth = تاريخ أو سنة الميلاد هذه غير ممكنة.
error-birth-date-required = يُرجى إدخال تاريخ الميلاد كاملًا.
error-invalid-gender = يُرجى اختيار أحد الخيارات المتاحة للجنس: { $allowed }.
error-invalid-language = يُرجى اختيار إحدى اللغات المتاحة.
error-unknown-id-scheme = يُرجى اختيار إحدى وثائق الهوية المتاحة.
error-invalid-id-number = { $reason }
error-duplicate-id-number = رقم الهوية هذا مسجّل بالفعل. لا يمكن تسجيل كل شخص إلا مرة واحدة.
error-beneficiary-limit-reached = وصل هذا الحساب بالفعل إلى الحد الأقصى المسموح به من الأشخاص ({ $limit }).
error-beneficiary-not-found = هذا الشخص غير مسجّل في حسابك.
error-already-corrected = سبق تصحيح { $field ->
        [name] الاسم
        [birth] تاريخ الميلاد
        [gender] الجنس
       *[other] الحقل «{ $field }»
    } مرة واحدة، ولا يمكن تغييره مرة أخرى.
error-nothing-to-change = لم يُحدَّد أي شيء لتغييره.
error-beneficiary-has-doses = لا يمكن حذف شخص سُجّلت له جرعة.
error-region-not-found = هذه المنطقة غير موجودة.
error-facility-not-found = مركز التطعيم هذا غير موجود.
error-invalid-query = البحث غير مكتمل، أو يجمع بين خيارات لا تتوافق معًا.
error-invalid-date = هذا التاريخ غير صالح. يُرجى استخدام الصيغة YYYY-MM-DD.
error-invalid-postal-code = هذا الرمز البريدي غير صالح.
error-invalid-coordinates = هذا الموقع غير صالح.
error-unknown-vaccine = لا يُقدَّم هذا اللقاح هنا.
error-session-not-found = جلسة التطعيم هذه غير موجودة أو أُلغيت.
error-outside-booking-window = لا يمكن حجز هذه الجلسة الآن: يبدأ الحجز قبل { $days ->
        [one] يوم واحد
        [two] يومين
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } ويُغلق في يوم الجلسة نفسه.
error-invalid-slot = يُرجى اختيار إحدى الفترات الزمنية لهذه الجلسة.
error-invalid-beneficiary-list = يُرجى اختيار شخص واحد على الأقل، وكل شخص مرة واحدة فقط.
error-already-booked = لدى { $name } موعد بالفعل. يُرجى إلغاء هذا الموعد أو تغيير وقته أولًا.
error-not-eligible = { $action ->
        [record] لا يجوز إعطاء هذه الجرعة لـ { $name } اليوم: { $reason }
       *[book] لا يمكن حجز موعد باسم { $name }: { $reason }
    }
error-wrong-dose = ستكون هذه الجرعة { $dose } لهذا الشخص.
error-dose-not-offered = لا تُقدَّم الجرعة { $dose } في هذه الجلسة.
error-age-not-allowed = عمر { $name } خارج الفئة العمرية لهذه الجلسة.
error-session-full = هذه الجلسة محجوزة بالكامل. يُرجى اختيار جلسة أخرى.
error-appointment-not-found = هذا الموعد غير موجود في حسابك.
error-appointment-not-open = لم يعد هذا الموعد قائمًا.
error-invalid-credentials = اسم المستخدم أو كلمة المرور غير صحيحة.
error-invalid-username = يجب أن يتكوّن اسم المستخدم من 3 إلى 64 رمزًا، من الحروف اللاتينية أو الأرقام أو النقاط أو الشرطات أو الشرطات السفلية فقط.
error-username-taken = اسم المستخدم هذا مستخدَم بالفعل.
error-weak-password = يجب أن تتكوّن كلمة المرور من 12 حرفًا على الأقل.
error-invalid-scope = هذا الدور وهذا النطاق لا يتوافقان: { $reason }
error-invalid-facility-code = يجب أن يتكوّن رمز المركز من 2 إلى 32 حرفًا، من الحروف اللاتينية الكبيرة (A-Z) أو الأرقام أو الشرطات أو الشرطات السفلية فقط.
error-facility-exists = يوجد بالفعل مركز تطعيم بهذا الرمز.
error-invalid-session-dates = يمكن جدولة الجلسات ابتداءً من اليوم، لمدة { $days ->
        [one] يوم واحد
        [two] يومين
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } كحد أقصى في كل مرة.
error-vaccine-not-available = هذا اللقاح غير مستخدم بتاريخ { $date }.
error-invalid-doses = يُرجى اختيار أرقام الجرعات من 1 إلى { $max }.
error-invalid-age-limits = حدود العمر غير صالحة: يجب أن يكون الحد الأدنى للعمر بين 0 و150، وألا يتجاوز الحد الأقصى.
error-invalid-capacity = يجب أن تكون السعة من 1 إلى 100,000 مكان، وأن تكون نسبة الحضور دون موعد بين 0 و1.
error-invalid-slots = يُرجى إدخال من 1 إلى 48 فترة زمنية بالصيغة HH:MM-HH:MM، على أن تبدأ كل فترة قبل أن تنتهي.
error-reason-required = يُرجى ذكر السبب (من 1 إلى 500 حرف).
error-invalid-idempotency-key = يجب أن يكون لكل جرعة مفتاح طلب (idempotency key) من 8 إلى 100 حرف، يُنشئه التطبيق مرة واحدة فقط.
error-invalid-batch = يُرجى إدخال رقم التشغيلة المطبوع على قارورة اللقاح (من 1 إلى 64 حرفًا).
error-duplicate-request = سبق استخدام مفتاح الطلب هذا لجرعة أخرى. يُرجى إنشاء مفتاح جديد لكل جرعة.
error-idempotency-key-reused = سبق استخدام مفتاح الطلب هذا لجرعة مختلفة (شخص آخر أو لقاح أو دفعة أو رقم جرعة أو استثناء مختلف). يُرجى إنشاء مفتاح جديد لكل جرعة.
error-dose-not-found = لم يُعثر على هذه الجرعة ضمن الجرعات التي يمكنك الإبلاغ عنها.
error-invalid-aefi = البلاغ غير مكتمل أو غير صالح: يُرجى التحقق من الحقل «{ $field }».
error-dose-revoked = أُلغيت هذه الجرعة؛ لا يمكن تعديل جرعة ملغاة أو إلغاؤها مرة أخرى.
error-merge-conflict = يحمل السجلان كلاهما الجرعة { $dose }. ألغِ الجرعة الخاطئة أولًا ثم ادمج السجلين.
error-merge-self = لا يمكن دمج سجل مع نفسه: أدخل سجلين مختلفين.
error-no-certificate = لا توجد شهادة بعد: لم تُسجَّل أي جرعة لهذا الشخص.
error-certificate-not-available = لا يمكن بعدُ تنزيل شهادات التطعيم من هذا الخادم.

## لماذا لا يتوافق الدور مع النطاق (سبب `error-invalid-scope`).

scope-needs-region = يحتاج { $role } إلى منطقة، ولا إلى مركز
scope-needs-facility = يحتاج { $role } إلى مركز، ولا إلى منطقة
scope-needs-nothing = لا منطقة ولا مركز لدور { $role }
scope-unknown-region = المنطقة «{ $region }» ليست في الملف التعريفي

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = شهادة تطعيم مؤقتة
certificate-title-final = شهادة تطعيم نهائية
certificate-title-booster = شهادة جرعة معززة
certificate-name = الاسم
certificate-birth = تاريخ الميلاد
certificate-identifier = وثيقة الهوية
certificate-vaccine = اللقاح
certificate-manufacturer = الشركة المصنِّعة
certificate-lot = رقم التشغيلة
certificate-date = تاريخ التطعيم
certificate-dose = الجرعة
certificate-dose-of = { $dose } من { $total }
certificate-centre = مركز التطعيم
certificate-country = البلد
certificate-next-dose = الجرعة التالية ابتداءً من
certificate-issuer = الجهة المُصدِرة
certificate-id = رقم الشهادة
certificate-footer = امسح رمز QR للتحقق من هذه الشهادة.
certificate-valid = هذه الشهادة صالحة.
certificate-invalid = هذه الشهادة غير صالحة ({ $reason }).


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = نصًا
json-expected-integer = عددًا صحيحًا
json-expected-number = عددًا
json-expected-boolean = true أو false
json-expected-list = قائمة
json-expected-object = كائنًا
json-expected-date = تاريخًا مكتوبًا بالشكل YYYY-MM-DD
json-expected-one-of = إحدى القيم: { $values }
json-expected-present = مُدخلًا (إنه مطلوب)
json-expected-other = بشكل آخر

## التوقع (`vaxkit forecast`): تقييم كل جرعة، والجرعة التالية لكل مجموعة لقاحات.
forecast-dose-valid = الجرعة { $number } ({ $date }، { $product }): صالحة.
forecast-dose-not-valid = الجرعة { $number } ({ $date }، { $product }): لا تُحتسب: { $reason }.
forecast-group-due = { $group }: الجرعة { $dose } ابتداءً من { $earliest }، ويوصى بها في { $recommended }.
forecast-group-due-until = { $group }: الجرعة { $dose } ابتداءً من { $earliest }، ويوصى بها في { $recommended }، وتصبح متأخرة بعد { $past_due }.
forecast-group-status = { $group }: { $status }.
forecast-status-not-complete = غير مكتملة
forecast-status-complete = مكتملة
forecast-status-aged-out = تجاوز العمر اللازم لإكمال السلسلة
forecast-status-immune = لديه مناعة
forecast-status-not-recommended = لا يوصى بأي جرعة الآن
forecast-reason-too-young = أُعطيت قبل الحد الأدنى للعمر
forecast-reason-too-old = أُعطيت بعد الحد الأقصى للعمر، وغير لازمة
forecast-reason-too-soon = أُعطيت بعد الجرعة السابقة بوقت قصير جدًا
forecast-reason-live-virus-conflict = أُعطيت بعد لقاح حي آخر بوقت قصير جدًا
forecast-reason-not-allowable = هذا اللقاح لا يُحتسب لهذه الجرعة
forecast-reason-inadvertent = أُعطيت خطأً
forecast-reason-series-complete = غير لازمة، فالسلسلة كانت مكتملة
forecast-reason-not-evaluated = لا توجد سلسلة في الملف تشمل هذا اللقاح
