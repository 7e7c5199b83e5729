# vaxkit — हिन्दी (Hindi) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = हिन्दी

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = { $earliest } से खुराक { $dose } के लिए पात्र हैं।
schedule-eligible-until = { $earliest } से { $latest } तक खुराक { $dose } के लिए पात्र हैं।
schedule-overdue = खुराक { $dose } में देर हो गई है: यह { $latest } तक दी जानी थी। यह अब भी दी जा सकती है।
schedule-too-young = अभी पात्र नहीं हैं: न्यूनतम आयु { $min_years } वर्ष है, जो { $date } को पूरी होगी।
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
