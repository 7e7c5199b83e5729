# vaxkit — العربية (Arabic) messages, translated from the English base locale (locales/en/vaxkit.ftl).
# Counts of years follow the Arabic plural forms (one, two, few = 3–10, other).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = العربية

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = يمكن تلقي الجرعة { $dose } ابتداءً من { $earliest }.
schedule-eligible-until = يمكن تلقي الجرعة { $dose } من { $earliest } حتى { $latest }.
schedule-overdue = تأخر موعد الجرعة { $dose }: كان يجب إعطاؤها بحلول { $latest }. لا يزال من الممكن إعطاؤها.
schedule-too-young = لا تتوفر الأهلية بعد: الحد الأدنى للعمر هو { $min_years ->
        [one] سنة واحدة
        [two] سنتان
        [few] { $min_years } سنوات
       *[other] { $min_years } سنة
    }، ويُبلغ هذا العمر في { $date }.
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
