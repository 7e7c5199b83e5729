# vaxkit — French: why a certificate verifies or not (`vaxkit cert verify`, the public
# verification page). `$detail` is the verifier's own explanation of the case, in English.

cert-reason-valid = Le certificat est valide.
cert-reason-bad-prefix = Ce n’est pas un certificat : le texte ne commence ni par HC1: ni par shc:/ ({ $detail })
cert-reason-truncated = Le texte du certificat est tronqué ({ $detail })
cert-reason-bad-base45 = Le texte du certificat européen est endommagé ({ $detail })
cert-reason-bad-compression = Les données du certificat ne se décompressent pas ({ $detail })
cert-reason-bad-cbor = Les données du certificat sont endommagées ({ $detail })
cert-reason-bad-claims = Le certificat ne contient aucune déclaration lisible ({ $detail })
cert-reason-bad-numeric = Le texte de la SMART Health Card est endommagé ({ $detail })
cert-reason-missing-chunks = Des parties de la SMART Health Card manquent ({ $detail })
cert-reason-bad-jws = Le bloc de signature de la SMART Health Card est endommagé ({ $detail })
cert-reason-bad-payload = Le contenu du certificat ne correspond pas à son format ({ $detail })
cert-reason-kid-missing = Le certificat ne nomme pas sa clé de signature ({ $detail })
cert-reason-unknown-key = Le certificat a été signé par une clé non reconnue ({ $detail })
cert-reason-unsupported-algorithm = Le certificat utilise une méthode de signature non prise en charge ({ $detail })
cert-reason-bad-signature = La signature ne correspond pas : le certificat a été modifié ou falsifié ({ $detail })
cert-reason-signer-not-valid = La clé de signature n’était pas valide au moment de la vérification ({ $detail })
cert-reason-key-usage = La clé de signature ne peut pas signer ce type de certificat ({ $detail })
cert-reason-not-yet-valid = Le certificat n’est pas encore valide ({ $detail })
cert-reason-expired = Le certificat a expiré ({ $detail })
cert-reason-schema = Le contenu du certificat ne suit pas son schéma ({ $detail })
cert-reason-revoked = Le certificat a été révoqué ({ $detail })
cert-reason-no-qr-code = Aucun code QR n’a été trouvé dans l’image ({ $detail })
cert-reason-bad-image = L’image ne peut pas être lue ({ $detail })
cert-reason-unreadable-qr = Le code QR de l’image ne peut pas être lu ({ $detail })

# A code outside the EU value set its field names; the certificate stays valid.
cert-unknown-code = { $path } : { $value } ne figure pas dans la liste de valeurs européenne { $value_set }
cert-unknown-codes = Codes inhabituels
