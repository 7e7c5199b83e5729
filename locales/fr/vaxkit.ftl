# vaxkit — Français (French) messages, translated from the English base locale (locales/en/vaxkit.ftl).
# French typography: a no-break space (U+00A0) comes before “:” and inside « ».

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Français

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Éligible à la dose { $dose } à partir du { $earliest }.
schedule-eligible-until = Éligible à la dose { $dose } du { $earliest } au { $latest }.
schedule-overdue = La dose { $dose } est en retard : elle devait être administrée au plus tard le { $latest }. Elle peut encore être administrée.
schedule-too-young = Pas encore éligible en raison de l’âge : éligible à partir du { $date }.
schedule-too-young-no-date = Non éligible : l’âge minimum est de { $min_years ->
        [one] { $min_years } an
       *[other] { $min_years } ans
    }.
schedule-too-old = Non éligible : ce vaccin n’est administré que jusqu’à l’âge de { $max_years ->
        [one] { $max_years } an
       *[other] { $max_years } ans
    }.
schedule-too-early = Trop tôt pour la dose { $dose } : elle peut être administrée à partir du { $earliest }.
schedule-series-complete = Le schéma vaccinal est complet : aucune autre dose n’est nécessaire.
schedule-product-mix = La dose { $dose } doit être faite avec { $expected }, le vaccin des doses précédentes, et non avec { $product }.
schedule-not-offered = La dose { $dose } n’est pas proposée le { $date }.
schedule-not-available = { $product } n’est pas disponible le { $date }.

## Identity numbers.

id-valid = Numéro { $scheme } valide.
id-invalid-format = Ce numéro { $scheme } n’est pas valide : vérifiez le nombre de caractères et leur type.
id-invalid-character = Ce numéro { $scheme } n’est pas valide : le caractère « { $character } » n’est pas autorisé.
id-invalid-check-digit = Ce numéro { $scheme } n’est pas valide : le chiffre de contrôle ne correspond pas. Vérifiez qu’aucun chiffre n’a été mal saisi.
id-invalid-date = Ce numéro { $scheme } n’est pas valide : la date de naissance qu’il contient n’existe pas.

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = Femme
gender-male = Homme
gender-other = Autre

## SMS texts (sent without isolation marks; keep them short).

sms-otp = Votre code de connexion vaxkit est { $code }. Il est valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Ne le communiquez à personne.
sms-session-cancelled = La séance de vaccination du { $date } à { $facility } a été annulée, ainsi que le rendez-vous de { $name }. Veuillez nous en excuser et reprendre rendez-vous.
sms-appointment-booked = Rendez-vous confirmé pour { $name } le { $date }, { $slot }, à { $facility }. Votre code de sécurité est { $code }.
notify-test-sms = Message de test vaxkit pour { $country } : l'envoi de SMS fonctionne.
notify-test-email-subject = Message de test vaxkit
notify-test-email = Ceci est un message de test de vaxkit pour { $country }. Si vous pouvez le lire, l'envoi d'e-mails fonctionne.
sms-registered = { $name } est inscrit(e) pour la vaccination (référence { $reference }). Envoyez AIDE à ce numéro pour les commandes SMS.
sms-appointment-cancelled = Le rendez-vous de { $name } le { $date } à { $facility } est annulé.
sms-reminder = Rappel : { $name } a rendez-vous pour la vaccination demain, { $date }, { $slot }, à { $facility }. Code de sécurité : { $code }.
sms-appointment-missed = { $name } a manqué le rendez-vous de vaccination du { $date }. Reprenez rendez-vous sur { $link }
sms-dose-recorded = La dose { $dose } de { $vaccine } a été enregistrée pour { $name }. Certificat : { $link }
sms-dose-due = La dose { $dose } de { $vaccine } est possible pour { $name }. Réservez sur { $link } ou envoyez RESERVER et votre code postal.
sms-keyword-next = SUIVANT
sms-keyword-book = RESERVER
sms-keyword-cancel = ANNULER
sms-keyword-help = AIDE
sms-cmd-help = vaxkit par SMS : SUIVANT - prochaine dose et rendez-vous ; RESERVER et un code postal - places proches ; ANNULER - annuler un rendez-vous.
sms-cmd-no-account = Personne n'est inscrit avec ce numéro. Inscrivez-vous en ligne ou dans un centre de vaccination.
sms-cmd-none = Aucun rendez-vous en cours pour ce numéro.
sms-cmd-expired = Il n'y a rien à choisir pour l'instant. Envoyez d'abord RESERVER et votre code postal, ou ANNULER.
sms-cmd-no-sessions = Aucune place libre près de { $postal_code } dans les prochains jours pour les personnes de ce numéro.
sms-cmd-refused = Non effectué : { $reason }
sms-cmd-offer-book = Répondez par le numéro à réserver :
sms-cmd-offer-cancel = Répondez par le numéro à annuler :
sms-cmd-line-book = { $number }. { $name } : { $date }, { $facility }
sms-cmd-line-cancel = { $number }. { $name } : { $date }
sms-cmd-status-booked = { $name } : rendez-vous le { $date } à { $facility }, code { $code }
sms-cmd-status-due = { $name } : dose { $dose } de { $vaccine } à partir du { $date }
sms-cmd-status-complete = { $name } : aucune dose à faire
sms-cmd-status-none = { $name } : aucune dose enregistrée

## API errors

error-bad-request = La requête n’est pas valide.
error-invalid-json = Le corps de la requête n’est pas du JSON valide, ou n’a pas la forme attendue (ligne { $line }, colonne { $column }).
error-unknown-field = Le champ « { $field } » n’est pas accepté ici.
error-invalid-field = Le champ « { $field } » doit être { $expected }.
error-payload-too-large = Le corps de la requête est trop volumineux.
error-not-found = Rien n’a été trouvé à cette adresse.
error-method-not-allowed = Cette méthode n’est pas autorisée à cette adresse.
error-unauthorized = Vous devez vous connecter pour faire cela.
error-forbidden = Vous n’êtes pas autorisé à faire cela.
error-rate-limited = Trop de requêtes. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-unsupported-media-type = Le corps de la requête doit être du JSON, envoyé avec « Content-Type: application/json ».
error-service-unavailable = Le service est temporairement indisponible. Veuillez réessayer dans quelques instants.
error-storage-full = Le service ne peut rien enregistrer pour le moment. Veuillez réessayer plus tard.
error-internal-error = Une erreur s’est produite de notre côté. Veuillez réessayer plus tard.
error-invalid-mobile = Ce numéro de mobile n’est pas valide. Vérifiez le nombre de chiffres.
error-otp-resend-too-soon = Un code vient d’être envoyé. Vous pourrez en demander un nouveau dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-otp-daily-limit = Trop de codes ont été envoyés à ce numéro aujourd’hui ({ $count } au maximum). Réessayez demain.
error-otp-invalid = Ce code n’est pas correct. Vérifiez le SMS et réessayez.
error-otp-expired = Ce code a expiré. Demandez-en un nouveau.
error-otp-used = Ce code a déjà été utilisé. Demandez-en un nouveau.
error-otp-attempts-exceeded = Trop de tentatives erronées pour ce code. Demandez-en un nouveau.
error-session-expired = Votre session a été fermée après une période d’inactivité. Veuillez vous reconnecter.
error-invalid-name = Saisissez le nom tel qu’il figure sur la pièce d’identité (1 à 100 caractères).
error-invalid-name-character = Le nom contient un caractère caché ou de contrôle ({ $character }) qui pourrait le faire apparaître autrement. Saisissez-le à nouveau sans ce caractère.
error-latin-name-required = Le nom est écrit dans une écriture que les certificats lus à l'étranger ne peuvent pas porter : donnez-le aussi en lettres latines, comme dans le passeport (latin_name).
error-invalid-latin-name = Le nom en lettres latines ne peut contenir que des lettres latines, des espaces, des traits d'union et des apostrophes ; { $character } n'en fait pas partie.
error-invalid-birth = Cette date ou année de naissance n’est pas possible.
error-birth-date-required = Saisissez la date de naissance complète.
error-invalid-gender = Choisissez l’un des genres proposés : { $allowed }.
error-invalid-language = Choisissez l’une des langues proposées.
error-unknown-id-scheme = Choisissez l’une des pièces d’identité proposées.
error-invalid-id-number = { $reason }
error-duplicate-id-number = Ce numéro d’identité est déjà enregistré. Chaque personne ne peut être enregistrée qu’une seule fois.
error-beneficiary-limit-reached = Ce compte a déjà atteint le nombre maximal de personnes autorisé ({ $limit }).
error-beneficiary-not-found = Cette personne n’est pas enregistrée dans votre compte.
error-already-corrected = { $field ->
        [name] Le nom a déjà été corrigé une fois et ne peut plus être modifié.
        [birth] La date de naissance a déjà été corrigée une fois et ne peut plus être modifiée.
        [gender] Le genre a déjà été corrigé une fois et ne peut plus être modifié.
       *[other] Le champ « { $field } » a déjà été corrigé une fois et ne peut plus être modifié.
    }
error-nothing-to-change = Aucune modification n’a été indiquée.
error-beneficiary-has-doses = Une personne dont une dose a été enregistrée ne peut pas être supprimée.
error-region-not-found = Cette région n’existe pas.
error-facility-not-found = Ce centre de vaccination n’existe pas.
error-invalid-query = La recherche est incomplète ou combine des options incompatibles.
error-invalid-date = Cette date n’est pas valide. Utilisez le format AAAA-MM-JJ.
error-invalid-postal-code = Ce code postal n’est pas valide.
error-invalid-coordinates = Cette position n’est pas valide.
error-unknown-vaccine = Ce vaccin n’est pas proposé ici.
error-session-not-found = Cette séance de vaccination n’existe pas ou a été annulée.
error-outside-booking-window = Cette séance ne peut pas être réservée pour le moment : les réservations ouvrent { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } à l’avance et ferment le jour même.
error-invalid-slot = Choisissez l’un des créneaux horaires de cette séance.
error-invalid-beneficiary-list = Choisissez au moins une personne, et chaque personne une seule fois.
error-already-booked = { $name } a déjà un rendez-vous. Annulez-le ou déplacez-le d’abord.
error-not-eligible = { $action ->
        [record] Cette dose ne peut pas être administrée aujourd’hui à { $name } : { $reason }
       *[book] Impossible de prendre rendez-vous pour { $name } : { $reason }
    }
error-wrong-dose = Pour cette personne, ce serait la dose { $dose }.
error-dose-not-offered = Cette séance ne propose pas la dose { $dose }.
error-age-not-allowed = { $name } ne fait pas partie de la tranche d’âge de cette séance.
error-session-full = Cette séance est complète. Choisissez-en une autre.
error-appointment-not-found = Ce rendez-vous n’existe pas dans votre compte.
error-appointment-not-open = Ce rendez-vous n’est plus actif.
error-invalid-credentials = Le nom d’utilisateur ou le mot de passe est incorrect.
error-invalid-username = Un nom d’utilisateur comporte de 3 à 64 caractères : lettres, chiffres, points, tirets ou tirets bas.
error-username-taken = Ce nom d’utilisateur est déjà utilisé.
error-weak-password = Le mot de passe doit comporter au moins 12 caractères.
error-invalid-scope = Ce rôle et ce périmètre ne sont pas compatibles : { $reason }
error-invalid-facility-code = Un code de centre comporte de 2 à 32 caractères : lettres majuscules (A-Z), chiffres, tirets ou tirets bas.
error-facility-exists = Un centre de vaccination avec ce code existe déjà.
error-invalid-session-dates = Les séances peuvent être planifiées à partir d’aujourd’hui, sur { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } au maximum à la fois.
error-vaccine-not-available = Ce vaccin n’est pas utilisé le { $date }.
error-invalid-doses = Choisissez des numéros de dose de 1 à { $max }.
error-invalid-age-limits = Les limites d’âge ne sont pas valides : l’âge minimum doit être compris entre 0 et 150 et ne pas dépasser l’âge maximum.
error-invalid-capacity = La capacité doit être comprise entre 1 et 100 000 places, et la part réservée aux personnes sans rendez-vous entre 0 et 1.
error-invalid-slots = Indiquez de 1 à 48 créneaux horaires au format HH:MM-HH:MM ; chacun doit commencer avant de se terminer.
error-reason-required = Indiquez un motif (1 à 500 caractères).
error-invalid-idempotency-key = Chaque dose nécessite une clé d’idempotence de 8 à 100 caractères, générée une seule fois par l’application.
error-invalid-batch = Saisissez le numéro de lot figurant sur le flacon (1 à 64 caractères).
error-duplicate-request = Cette clé de requête a déjà été utilisée pour une autre dose. Générez une nouvelle clé pour chaque dose.
error-idempotency-key-reused = Cette clé de requête a déjà servi pour une dose différente (autre personne, vaccin, lot, numéro de dose ou dérogation). Générez une nouvelle clé pour chaque dose.
error-dose-not-found = Cette dose ne figure pas parmi les doses pour lesquelles vous pouvez faire une déclaration.
error-invalid-aefi = La déclaration est incomplète ou non valide : vérifiez le champ « { $field } ».
error-dose-revoked = Cette dose a été révoquée ; une dose révoquée ne peut être ni modifiée ni révoquée de nouveau.
error-merge-conflict = Les deux dossiers portent la dose { $dose }. Révoquez d’abord celle qui est erronée, puis fusionnez.
error-merge-self = Un dossier ne peut pas être fusionné avec lui-même : indiquez deux dossiers différents.
error-no-certificate = Pas encore de certificat : aucune dose n’a été enregistrée pour cette personne.
error-certificate-not-available = Les certificats de vaccination ne peuvent pas encore être téléchargés depuis ce serveur.

## Pourquoi un rôle et un périmètre ne sont pas compatibles (le motif de `error-invalid-scope`).

scope-needs-region = un { $role } a besoin d’une région, et d’aucun centre
scope-needs-facility = un { $role } a besoin d’un centre, et d’aucune région
scope-needs-nothing = un { $role } n’a ni région ni centre
scope-unknown-region = la région « { $region } » n’est pas dans le profil

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = Certificat de vaccination provisoire
certificate-title-final = Certificat de vaccination complet
certificate-title-booster = Certificat de vaccination de rappel
certificate-name = Nom
certificate-birth = Date de naissance
certificate-identifier = Pièce d’identité
certificate-vaccine = Vaccin
certificate-manufacturer = Fabricant
certificate-lot = Lot
certificate-date = Date de vaccination
certificate-dose = Dose
certificate-dose-of = { $dose } sur { $total }
certificate-centre = Centre de vaccination
certificate-country = Pays
certificate-next-dose = Prochaine dose à partir du
certificate-issuer = Délivré par
certificate-id = Identifiant du certificat
certificate-footer = Scannez le code QR pour vérifier ce certificat.
certificate-valid = Ce certificat est valide.
certificate-invalid = Ce certificat n’est pas valide ({ $reason }).


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = un texte
json-expected-integer = un nombre entier
json-expected-number = un nombre
json-expected-boolean = true ou false
json-expected-list = une liste
json-expected-object = un objet
json-expected-date = une date écrite AAAA-MM-JJ (YYYY-MM-DD)
json-expected-one-of = l’une des valeurs : { $values }
json-expected-present = renseigné (il est obligatoire)
json-expected-other = d’une autre forme

## Prévision (`vaxkit forecast`) : chaque dose jugée et la prochaine dose de chaque groupe de vaccins.
forecast-dose-valid = Dose { $number } ({ $date }, { $product }) : valide.
forecast-dose-not-valid = Dose { $number } ({ $date }, { $product }) : ne compte pas : { $reason }.
forecast-group-due = { $group } : dose { $dose } à partir du { $earliest }, recommandée le { $recommended }.
forecast-group-due-until = { $group } : dose { $dose } à partir du { $earliest }, recommandée le { $recommended }, en retard après le { $past_due }.
forecast-group-status = { $group } : { $status }.
forecast-status-not-complete = incomplet
forecast-status-complete = complet
forecast-status-aged-out = trop âgé pour terminer la série
forecast-status-immune = immunisé
forecast-status-not-recommended = aucune dose recommandée pour l’instant
forecast-reason-too-young = donnée avant l’âge minimum
forecast-reason-too-old = donnée après l’âge maximum, inutile
forecast-reason-too-soon = donnée trop tôt après la dose précédente
forecast-reason-live-virus-conflict = donnée trop tôt après un autre vaccin vivant
forecast-reason-not-allowable = ce vaccin ne compte pas pour cette dose
forecast-reason-inadvertent = donnée par erreur
forecast-reason-series-complete = inutile, la série était déjà complète
forecast-reason-not-evaluated = aucune série du profil ne couvre ce vaccin
