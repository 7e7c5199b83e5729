# vaxkit — Swahili: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = Cheti ni halali.
cert-reason-bad-prefix = Hiki si cheti: maandishi hayaanzi na HC1: wala shc:/ ({ $detail })
cert-reason-truncated = Maandishi ya cheti yamekatika ({ $detail })
cert-reason-bad-base45 = Maandishi ya cheti cha Ulaya yameharibika ({ $detail })
cert-reason-bad-compression = Data ya cheti haiwezi kufunguliwa ({ $detail })
cert-reason-bad-cbor = Data ya cheti imeharibika ({ $detail })
cert-reason-bad-claims = Cheti hakina madai yanayosomeka ({ $detail })
cert-reason-bad-numeric = Maandishi ya SMART Health Card yameharibika ({ $detail })
cert-reason-missing-chunks = Baadhi ya sehemu za SMART Health Card hazipo ({ $detail })
cert-reason-bad-jws = Sehemu ya sahihi ya SMART Health Card imeharibika ({ $detail })
cert-reason-bad-payload = Maudhui ya cheti si yale ambayo muundo wake unatarajia ({ $detail })
cert-reason-kid-missing = Cheti hakitaji ufunguo wake wa sahihi ({ $detail })
cert-reason-unknown-key = Cheti kilisainiwa kwa ufunguo usioaminika ({ $detail })
cert-reason-unsupported-algorithm = Cheti kinatumia njia ya sahihi isiyotumika ({ $detail })
cert-reason-bad-signature = Sahihi hailingani: cheti kimebadilishwa au ni bandia ({ $detail })
cert-reason-signer-not-valid = Ufunguo wa sahihi haukuwa halali wakati wa ukaguzi ({ $detail })
cert-reason-key-usage = Ufunguo wa sahihi hauruhusiwi kusaini aina hii ya cheti ({ $detail })
cert-reason-not-yet-valid = Cheti bado si halali ({ $detail })
cert-reason-expired = Muda wa cheti umekwisha ({ $detail })
cert-reason-schema = Maudhui ya cheti hayafuati skima yake ({ $detail })
cert-reason-revoked = Cheti kimebatilishwa ({ $detail })
cert-reason-no-qr-code = Hakuna msimbo wa QR uliopatikana kwenye picha ({ $detail })
cert-reason-bad-image = Picha haiwezi kusomwa ({ $detail })
cert-reason-unreadable-qr = Msimbo wa QR kwenye picha hauwezi kusomwa ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path }: { $value } haimo kwenye orodha ya thamani ya Ulaya { $value_set }
cert-unknown-codes = Misimbo isiyo ya kawaida
