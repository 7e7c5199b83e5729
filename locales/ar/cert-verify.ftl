# vaxkit — Arabic: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = الشهادة صالحة.
cert-reason-bad-prefix = هذه ليست شهادة: لا يبدأ النص بـ HC1: ولا بـ shc:/ ({ $detail })
cert-reason-truncated = نص الشهادة مقطوع ({ $detail })
cert-reason-bad-base45 = نص الشهادة الأوروبية تالف ({ $detail })
cert-reason-bad-compression = تعذّر فك ضغط بيانات الشهادة ({ $detail })
cert-reason-bad-cbor = بيانات الشهادة تالفة ({ $detail })
cert-reason-bad-claims = لا تحتوي الشهادة على بيانات مقروءة ({ $detail })
cert-reason-bad-numeric = نص بطاقة SMART Health Card تالف ({ $detail })
cert-reason-missing-chunks = بعض أجزاء بطاقة SMART Health Card مفقودة ({ $detail })
cert-reason-bad-jws = جزء التوقيع في بطاقة SMART Health Card تالف ({ $detail })
cert-reason-bad-payload = محتوى الشهادة لا يطابق ما يتطلبه تنسيقها ({ $detail })
cert-reason-kid-missing = لا تذكر الشهادة مفتاح توقيعها ({ $detail })
cert-reason-unknown-key = وُقّعت الشهادة بمفتاح غير موثوق ({ $detail })
cert-reason-unsupported-algorithm = تستخدم الشهادة طريقة توقيع غير مدعومة ({ $detail })
cert-reason-bad-signature = التوقيع غير مطابق: تم تغيير الشهادة أو تزويرها ({ $detail })
cert-reason-signer-not-valid = لم يكن مفتاح التوقيع صالحًا وقت التحقق ({ $detail })
cert-reason-key-usage = لا يجوز لمفتاح التوقيع توقيع هذا النوع من الشهادات ({ $detail })
cert-reason-not-yet-valid = الشهادة ليست صالحة بعد ({ $detail })
cert-reason-expired = انتهت صلاحية الشهادة ({ $detail })
cert-reason-schema = محتوى الشهادة لا يتبع مخططه ({ $detail })
cert-reason-revoked = أُلغيت الشهادة ({ $detail })
cert-reason-no-qr-code = لم يُعثر على رمز QR في الصورة ({ $detail })
cert-reason-bad-image = تعذّرت قراءة الصورة ({ $detail })
cert-reason-unreadable-qr = تعذّرت قراءة رمز QR في الصورة ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path }: القيمة { $value } ليست في قائمة القيم الأوروبية { $value_set }
cert-unknown-codes = رموز غير معتادة
