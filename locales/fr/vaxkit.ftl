# vaxkit — Français (French) messages, translated from the English base locale (locales/en/vaxkit.ftl).
# French typography: a no-break space (U+00A0) comes before “:” and inside « ».

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Français

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Éligible à la dose { $dose } à partir du { $earliest }.
schedule-eligible-until = Éligible à la dose { $dose } du { $earliest } au { $latest }.
schedule-overdue = La dose { $dose } est en retard : elle devait être administrée au plus tard le { $latest }. Elle peut encore être administrée.
schedule-too-young = Pas encore éligible : l’âge minimum est de { $min_years ->
        [one] { $min_years } an
       *[other] { $min_years } ans
    }, qui sera atteint le { $date }.
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
