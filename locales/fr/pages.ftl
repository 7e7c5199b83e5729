# Pages web de vaxkit — français.

page-skip = Aller au contenu
page-nav-languages = Langue
page-nav-main = Menu principal
page-nav-find = Trouver une séance de vaccination
page-nav-login = Se connecter
page-nav-me = Ma famille
page-nav-vaccinator = File du jour
page-nav-staff = Connexion du personnel
page-logout = Se déconnecter
page-staff-logout = Déconnexion du personnel
page-back = Retour
page-back-home = Retour à l’accueil
page-error-title = Cela n’a pas fonctionné
page-csrf-refused = Ce formulaire a expiré. Revenez en arrière, rechargez la page et envoyez-le de nouveau.
page-expected-person = au moins une personne choisie

page-home-title = Vaccination
page-home-intro = Inscrivez votre famille, réservez une séance de vaccination près de chez vous et téléchargez les certificats.
page-home-citizen = S’inscrire ou réserver

page-find-title = Trouver une séance de vaccination
page-find-region = Région
page-find-any-region = Choisissez une région
page-find-postal-code = Ou code postal
page-find-date = Jour
page-find-search = Rechercher
page-find-results = Séances ce jour-là
page-find-week = Séances de la semaine dans ce centre
page-find-centre-week = La semaine de ce centre
page-find-doses = Doses { $doses }
page-find-available = { $count ->
        [one] { $count } place restante
       *[other] { $count } places restantes
    }
page-find-book = Réserver
page-find-none = Aucune séance trouvée. Essayez un autre jour ou un autre lieu.
page-find-pages = Pages de résultats
page-find-previous = Page précédente
page-find-next = Page suivante
page-find-page = Page { $page } sur { $pages }

page-login-title = Connexion avec votre numéro de mobile
page-login-mobile = Numéro de mobile
page-login-send = Envoyez-moi un code
page-code-title = Saisissez le code
page-code-sent = Nous avons envoyé un code par SMS à votre numéro de mobile.
page-code-label = Code reçu par SMS
page-code-check = Se connecter
page-code-again = Envoyer un nouveau code

page-me-title = Ma famille
page-me-appointments = Rendez-vous
page-me-appointment = { $name } : { $date }, { $slot }, { $facility }
page-me-people = Personnes
page-me-dose = Dose { $dose } : { $vaccine }, { $date }
page-me-no-dose = Aucune dose enregistrée pour l’instant.
page-me-certificate = Certificat
page-me-book = Réserver une vaccination
page-me-correct = Corriger les informations
page-me-remove = Retirer { $name }
page-me-nobody = Personne n’est encore inscrit.
page-me-add = Ajouter une personne

page-person-new = Ajouter une personne
page-person-correct = Corriger les informations
page-person-once = Chaque information ne peut être corrigée qu’une fois.
page-person-name = Nom tel qu’il figure sur la pièce d’identité
page-person-latin-name = Nom en lettres latines, comme dans le passeport
page-person-latin-name-hint = Nécessaire aux certificats lus à l’étranger quand le nom est écrit dans une autre écriture, comme le devanagari ou le thaï.
page-person-birth-date = Date de naissance
page-person-birth-year = Année de naissance
page-person-gender = Genre
page-person-id-scheme = Pièce d’identité
page-person-id-number = Numéro de la pièce
page-person-save = Inscrire
page-person-save-correction = Enregistrer la correction

page-book-title = Réserver
page-book-session = { $vaccine } le { $date } : { $count ->
        [one] { $count } place restante
       *[other] { $count } places restantes
    }.
page-book-slot = Horaire
page-book-people = Qui vient
page-book-confirm = Réserver pour ces personnes

page-slip-title = Confirmation de rendez-vous
page-slip-name = Personne
page-slip-when = Quand
page-slip-where = Où
page-slip-vaccine = Vaccin
page-slip-dose = dose { $dose }
page-slip-status = État
page-slip-code = Code de sécurité :
page-slip-show = Présentez ce code au centre.
page-slip-cancel = Annuler ce rendez-vous
page-status-booked = Réservé
page-status-cancelled = Annulé
page-status-done = Vacciné

page-cert-title = Certificat de vaccination
page-cert-qr = Présentez ce code QR pour la vérification.
page-cert-pdf = Télécharger le certificat (PDF)

page-staff-title = Connexion du personnel
page-staff-username = Identifiant
page-staff-password = Mot de passe
page-staff-login = Se connecter

page-queue-title = File du jour
page-queue-lookup = Code de sécurité
page-queue-find = Chercher
page-queue-day = Rendez-vous du { $day }
page-queue-record = Enregistrer la dose
page-queue-empty = Personne n’attend.
page-queue-recorded = Dose enregistrée ({ $reference }).
page-record-title = Enregistrer une dose
page-record-vaccine = Vaccin
page-record-dose = Numéro de dose
page-record-batch = Numéro de lot du flacon
page-record-override = Raison de donner la dose malgré tout (seulement en cas de refus)
page-record-save = Enregistrer la dose

## Synchronisation du vaccinateur hors ligne.

sync-expected-at-most = au plus { $count } doses par requête
sync-expected-recent = une heure comprise dans les { $days } derniers jours, et non dans le futur

## Le vaccinateur hors ligne.

page-offline-title = File du jour, hors ligne
page-offline-online = Connecté : les doses sont envoyées dès leur enregistrement.
page-offline-offline = Pas de connexion : les doses sont gardées sur ce téléphone et envoyées au retour de la connexion.
page-offline-waiting = Doses en attente d’envoi : { $count }
page-offline-refused = Doses refusées
page-offline-refusal = { $name } : { $reason }
page-offline-person = Personne
page-offline-noscript = Sans JavaScript, cette page a besoin d’une connexion : enregistrez chaque dose depuis la liste ci-dessous.
page-queue-offline = Travailler sans connexion

## Pages publiques : vérification des certificats et tableau de bord.

page-nav-verify = Vérifier un certificat
page-nav-dashboard = Chiffres
page-verify-title = Vérifier un certificat de vaccination
page-verify-paste = Collez le texte du code QR
page-verify-check = Vérifier
page-verify-holder = Titulaire :
page-verify-photo = Ou choisissez une photo du code QR
page-verify-camera = Utiliser l’appareil photo
page-verify-no-code = Aucun code QR n’a pu être lu. Essayez une photo plus nette, ou collez le texte.
page-verify-expected-photo = une photo PNG ou JPEG avec un code QR lisible
page-dashboard-title = Chiffres de la vaccination
page-dashboard-from = Du
page-dashboard-until = Au
page-dashboard-show = Afficher
page-dashboard-total = Doses administrées sur la période
page-dashboard-per-day = Doses par jour
page-dashboard-per-region = Doses par région
page-dashboard-per-vaccine = Doses par vaccin
page-dashboard-table = Les chiffres sous forme de tableau
page-dashboard-day = Jour
page-dashboard-doses = Doses

## Rapports des administrateurs.

page-nav-reports = Rapports
page-admin-reports-title = Rapports de vaccination
page-admin-region-all = toutes les régions de votre périmètre
page-admin-csv = Télécharger en CSV
page-admin-per-dose = Doses par numéro de dose
page-admin-per-age = Doses par tranche d’âge
page-admin-per-gender = Doses par genre
page-admin-coverage = Couverture par rapport à la population
page-admin-population = Population
page-admin-first-dose-percent = Premières doses pour 100 personnes

## Walk-ins.

page-walk-in-title = Une personne sans rendez-vous
page-queue-walk-in = Une personne sans rendez-vous

## Moving an appointment.

page-slip-move = Changer de jour ou de lieu
page-find-moving = Choisissez la nouvelle séance pour ce rendez-vous.
page-book-moving = Le rendez-vous est déplacé ici ; l’ancienne place est libérée.
page-book-move = Déplacer le rendez-vous ici

## Adverse events after immunisation (AEFI).

page-aefi-title = Signaler un problème après une vaccination
page-aefi-link = Signaler un problème après cette dose
page-aefi-onset = Premier jour des symptômes
page-aefi-symptoms = Symptômes
page-aefi-seriousness = Était-ce grave ? (laisser vide sinon)
page-aefi-outcome = Évolution à ce jour
page-aefi-description = Ce qui s’est passé, avec vos mots
page-aefi-send = Envoyer le signalement
page-aefi-reported = Signalement envoyé ({ $reference }). Merci : un soignant pourra vous contacter.
aefi-symptom-fever = Fièvre
aefi-symptom-injection-site-reaction = Douleur, rougeur ou gonflement au point d’injection
aefi-symptom-headache = Maux de tête
aefi-symptom-fatigue = Fatigue
aefi-symptom-myalgia = Douleurs musculaires
aefi-symptom-nausea = Nausées
aefi-symptom-vomiting = Vomissements
aefi-symptom-diarrhoea = Diarrhée
aefi-symptom-rash = Éruption cutanée
aefi-symptom-allergic-reaction = Réaction allergique
aefi-symptom-anaphylaxis = Anaphylaxie (réaction allergique grave)
aefi-symptom-syncope = Évanouissement
aefi-symptom-seizure = Convulsions
aefi-symptom-thrombosis = Caillot sanguin
aefi-symptom-myocarditis = Inflammation du cœur (myocardite)
aefi-symptom-other = Autre chose
aefi-serious-death = Décès
aefi-serious-life-threatening = Mise en jeu du pronostic vital
aefi-serious-hospitalisation = Hospitalisation
aefi-serious-disability = Invalidité durable
aefi-serious-congenital-anomaly = Malformation congénitale
aefi-serious-other-medically-important = Autre événement médicalement important
aefi-outcome-recovered = Rétabli
aefi-outcome-recovering = En voie de rétablissement
aefi-outcome-not-recovered = Non rétabli
aefi-outcome-recovered-with-sequelae = Rétabli avec séquelles
aefi-outcome-fatal = Décédé
aefi-outcome-unknown = Inconnu

## Administrators' lists.

page-admin-aefi-title = Signalements d’effets indésirables
page-admin-aefi-all = Tous les signalements
page-admin-aefi-serious-only = Signalements graves seulement
page-admin-aefi-serious = Grave
page-admin-aefi-none = Aucun signalement.
page-admin-facilities-title = Établissements
page-admin-facilities-import = Les établissements s’ajoutent et se modifient en masse avec `vaxkit import facilities FICHIER.csv`, qui liste chaque ligne refusée avec sa raison.
page-admin-facility-code = Code
page-admin-facility-name = Nom
page-admin-facility-open = Ouvert
page-admin-facility-closed = Fermé
page-admin-import-link = Importer un fichier CSV
page-admin-import-title = Importer des établissements
page-admin-import-help = Collez un fichier CSV dont la première ligne est { $columns } ; les lignes qui commencent par # sont des commentaires. Les nouveaux codes sont ajoutés et les codes connus mis à jour ; les lignes refusées sont listées avec leur numéro, et les autres sont importées.
page-admin-import-file = Fichier CSV
page-admin-import-submit = Importer
page-admin-import-done = { $added } ajoutés, { $updated } mis à jour, { $unchanged } inchangés, { $rejected } refusés.
page-admin-import-rejected = Lignes refusées
page-admin-import-line = Ligne { $line } : { $reason }
page-admin-import-header = La première ligne doit être { $columns }.
page-admin-import-unreadable = ce n’est pas du CSV lisible (vérifiez les guillemets)
page-admin-import-fields = elle a { $found } champs, la première ligne en a { $expected }
page-admin-import-number = « { $value } » n’est pas un nombre
page-admin-import-code = le code doit compter de 2 à 32 caractères parmi A–Z, 0–9, - et _
page-admin-import-text = le nom et l’adresse doivent compter de 1 à 200 caractères
page-admin-import-region = la région n’est pas dans le profil
page-admin-import-postal = le code postal ne suit pas la règle du pays
page-admin-import-coordinates = latitude et longitude doivent être données toutes les deux, entre -90 et 90 et entre -180 et 180
page-admin-import-scope = la région de l’établissement est hors de votre périmètre
page-admin-sessions-title = Séances
page-admin-sessions-facility = Établissement
page-admin-sessions-show = Afficher
page-admin-sessions-from = Premier jour
page-admin-sessions-until = Dernier jour
page-admin-sessions-none = Aucune séance sur cette période.
page-admin-sessions-vaccine = Vaccin
page-admin-sessions-doses = Doses
page-admin-sessions-ages = Âges
page-admin-sessions-slots = Créneaux
page-admin-sessions-booked = Réservé en ligne
page-admin-sessions-booked-of = { $booked } sur { $capacity }
page-admin-sessions-walk-in = Gardé pour les personnes sans rendez-vous
page-admin-sessions-cancelled = Annulée
page-admin-sessions-reason = Motif de l’annulation
page-admin-sessions-cancel = Annuler la séance
page-admin-sessions-plan = Planifier des séances
page-admin-sessions-plan-help = Une séance chaque jour du premier au dernier jour. Doses sous la forme 1,2 ; créneaux sous la forme 09:00-11:00, séparés par des espaces.
page-admin-sessions-min-age = Âge minimum (ans)
page-admin-sessions-max-age = Âge maximum (ans, facultatif)
page-admin-sessions-capacity = Places par séance
page-admin-sessions-share = Part gardée pour les personnes sans rendez-vous (%, facultatif)
page-admin-sessions-submit = Planifier
page-admin-staff-title = Personnel
page-admin-staff-disable = Désactiver { $username }
page-admin-staff-disabled = Désactivé
page-admin-staff-new = Nouveau compte
page-admin-staff-name = Nom complet
page-admin-staff-password = Mot de passe initial (au moins 12 caractères)
page-admin-staff-role = Rôle
page-admin-staff-region = Code de la région (administrateurs de région, auditeurs régionaux)
page-admin-staff-facility = Code de l’établissement (administrateurs d’établissement, vaccinateurs)
page-admin-staff-create = Créer le compte
page-staff-role-national-admin = Administrateur national
page-staff-role-region-admin = Administrateur de région
page-staff-role-facility-admin = Administrateur d’établissement
page-staff-role-vaccinator = Vaccinateur
page-staff-role-verifier = Vérificateur
page-staff-role-auditor = Auditeur
page-admin-corrections-title = Corrections
page-admin-corrections-reference = Référence de la personne
page-admin-corrections-find = Chercher
page-admin-corrections-merged = Fusionné dans { $reference }
page-admin-corrections-is-revoked = Révoquée : { $reason }
page-admin-corrections-correct = Corriger cette dose
page-admin-corrections-blank = Ne remplissez que ce qui change ; les champs vides restent tels quels.
page-admin-corrections-batch = Lot
page-admin-corrections-given-on = Jour de la dose
page-admin-corrections-reason = Motif (gardé dans le journal d’audit)
page-admin-corrections-save = Enregistrer la correction
page-admin-corrections-revoke = Révoquer cette dose
page-admin-corrections-corrected = La dose est corrigée.
page-admin-corrections-revoked = La dose est révoquée.
