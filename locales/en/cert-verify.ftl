# vaxkit — English: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = The certificate is valid.
cert-reason-bad-prefix = This is not a certificate: the text starts with neither HC1: nor shc:/ ({ $detail })
cert-reason-truncated = The certificate text is cut short ({ $detail })
cert-reason-bad-base45 = The EU certificate text is damaged ({ $detail })
cert-reason-bad-compression = The certificate data does not unpack ({ $detail })
cert-reason-bad-cbor = The certificate data is damaged ({ $detail })
cert-reason-bad-claims = The certificate holds no readable claims ({ $detail })
cert-reason-bad-numeric = The SMART Health Card text is damaged ({ $detail })
cert-reason-missing-chunks = Some parts of the SMART Health Card are missing ({ $detail })
cert-reason-bad-jws = The SMART Health Card signature block is damaged ({ $detail })
cert-reason-bad-payload = The certificate content is not what its format expects ({ $detail })
cert-reason-kid-missing = The certificate does not name its signing key ({ $detail })
cert-reason-unknown-key = The certificate was signed by a key that is not trusted ({ $detail })
cert-reason-unsupported-algorithm = The certificate uses a signature method that is not supported ({ $detail })
cert-reason-bad-signature = The signature does not match: the certificate was changed or forged ({ $detail })
cert-reason-signer-not-valid = The signing key was not valid at the time of checking ({ $detail })
cert-reason-key-usage = The signing key may not sign this kind of certificate ({ $detail })
cert-reason-not-yet-valid = The certificate is not valid yet ({ $detail })
cert-reason-expired = The certificate has expired ({ $detail })
cert-reason-schema = The certificate content does not follow its schema ({ $detail })
cert-reason-revoked = The certificate has been revoked ({ $detail })
cert-reason-no-qr-code = No QR code was found in the image ({ $detail })
cert-reason-bad-image = The image cannot be read ({ $detail })
cert-reason-unreadable-qr = The QR code in the image cannot be read ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path }: { $value } is not in the EU value set { $value_set }
cert-unknown-codes = Unusual codes
