# vaxkit — Spanish: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = El certificado es válido.
cert-reason-bad-prefix = No es un certificado: el texto no empieza por HC1: ni por shc:/ ({ $detail })
cert-reason-truncated = El texto del certificado está incompleto ({ $detail })
cert-reason-bad-base45 = El texto del certificado europeo está dañado ({ $detail })
cert-reason-bad-compression = Los datos del certificado no se pueden descomprimir ({ $detail })
cert-reason-bad-cbor = Los datos del certificado están dañados ({ $detail })
cert-reason-bad-claims = El certificado no contiene declaraciones legibles ({ $detail })
cert-reason-bad-numeric = El texto de la SMART Health Card está dañado ({ $detail })
cert-reason-missing-chunks = Faltan partes de la SMART Health Card ({ $detail })
cert-reason-bad-jws = El bloque de firma de la SMART Health Card está dañado ({ $detail })
cert-reason-bad-payload = El contenido del certificado no es el que espera su formato ({ $detail })
cert-reason-kid-missing = El certificado no indica su clave de firma ({ $detail })
cert-reason-unknown-key = El certificado fue firmado con una clave que no es de confianza ({ $detail })
cert-reason-unsupported-algorithm = El certificado usa un método de firma no admitido ({ $detail })
cert-reason-bad-signature = La firma no coincide: el certificado fue modificado o falsificado ({ $detail })
cert-reason-signer-not-valid = La clave de firma no era válida en el momento de la comprobación ({ $detail })
cert-reason-key-usage = La clave de firma no puede firmar este tipo de certificado ({ $detail })
cert-reason-not-yet-valid = El certificado todavía no es válido ({ $detail })
cert-reason-expired = El certificado ha caducado ({ $detail })
cert-reason-schema = El contenido del certificado no sigue su esquema ({ $detail })
cert-reason-revoked = El certificado ha sido revocado ({ $detail })
cert-reason-no-qr-code = No se encontró ningún código QR en la imagen ({ $detail })
cert-reason-bad-image = No se puede leer la imagen ({ $detail })
cert-reason-unreadable-qr = No se puede leer el código QR de la imagen ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path }: { $value } no está en el conjunto de valores europeo { $value_set }
cert-unknown-codes = Códigos inusuales
