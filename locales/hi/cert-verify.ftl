# vaxkit — Hindi: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = प्रमाणपत्र मान्य है।
cert-reason-bad-prefix = यह प्रमाणपत्र नहीं है: पाठ HC1: या shc:/ से शुरू नहीं होता ({ $detail })
cert-reason-truncated = प्रमाणपत्र का पाठ अधूरा है ({ $detail })
cert-reason-bad-base45 = यूरोपीय प्रमाणपत्र का पाठ क्षतिग्रस्त है ({ $detail })
cert-reason-bad-compression = प्रमाणपत्र का डेटा खोला नहीं जा सकता ({ $detail })
cert-reason-bad-cbor = प्रमाणपत्र का डेटा क्षतिग्रस्त है ({ $detail })
cert-reason-bad-claims = प्रमाणपत्र में पढ़ने योग्य दावे नहीं हैं ({ $detail })
cert-reason-bad-numeric = SMART Health Card का पाठ क्षतिग्रस्त है ({ $detail })
cert-reason-missing-chunks = SMART Health Card के कुछ भाग गायब हैं ({ $detail })
cert-reason-bad-jws = SMART Health Card का हस्ताक्षर भाग क्षतिग्रस्त है ({ $detail })
cert-reason-bad-payload = प्रमाणपत्र की सामग्री उसके प्रारूप के अनुसार नहीं है ({ $detail })
cert-reason-kid-missing = प्रमाणपत्र में उसकी हस्ताक्षर कुंजी का नाम नहीं है ({ $detail })
cert-reason-unknown-key = प्रमाणपत्र पर ऐसी कुंजी से हस्ताक्षर हुए हैं जिस पर भरोसा नहीं है ({ $detail })
cert-reason-unsupported-algorithm = प्रमाणपत्र ऐसी हस्ताक्षर विधि का उपयोग करता है जो समर्थित नहीं है ({ $detail })
cert-reason-bad-signature = हस्ताक्षर मेल नहीं खाता: प्रमाणपत्र बदला गया है या जाली है ({ $detail })
cert-reason-signer-not-valid = जाँच के समय हस्ताक्षर कुंजी मान्य नहीं थी ({ $detail })
cert-reason-key-usage = यह हस्ताक्षर कुंजी इस प्रकार के प्रमाणपत्र पर हस्ताक्षर नहीं कर सकती ({ $detail })
cert-reason-not-yet-valid = प्रमाणपत्र अभी मान्य नहीं है ({ $detail })
cert-reason-expired = प्रमाणपत्र की अवधि समाप्त हो गई है ({ $detail })
cert-reason-schema = प्रमाणपत्र की सामग्री उसके स्कीमा के अनुसार नहीं है ({ $detail })
cert-reason-revoked = प्रमाणपत्र रद्द कर दिया गया है ({ $detail })
cert-reason-no-qr-code = छवि में कोई QR कोड नहीं मिला ({ $detail })
cert-reason-bad-image = छवि पढ़ी नहीं जा सकती ({ $detail })
cert-reason-unreadable-qr = छवि का QR कोड पढ़ा नहीं जा सकता ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path }: { $value } यूरोपीय मान सूची { $value_set } में नहीं है
cert-unknown-codes = असामान्य कोड
