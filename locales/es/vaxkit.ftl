# vaxkit — Español (Spanish, Mexican usage) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Español

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Puede recibir la dosis { $dose } a partir del { $earliest }.
schedule-eligible-until = Puede recibir la dosis { $dose } del { $earliest } al { $latest }.
schedule-overdue = La dosis { $dose } está atrasada: debía aplicarse a más tardar el { $latest }. Todavía se puede aplicar.
schedule-too-young = Todavía no puede recibir esta vacuna: la edad mínima es de { $min_years ->
        [one] { $min_years } año
       *[other] { $min_years } años
    }, que cumplirá el { $date }.
schedule-too-old = No puede recibir esta vacuna: solo se aplica hasta { $max_years ->
        [one] { $max_years } año de edad
       *[other] los { $max_years } años de edad
    }.
schedule-too-early = Todavía es pronto para la dosis { $dose }: se puede aplicar a partir del { $earliest }.
schedule-series-complete = El esquema de vacunación está completo: no se necesita ninguna otra dosis.
schedule-product-mix = La dosis { $dose } debe ser de { $expected }, la vacuna de las dosis anteriores, y no de { $product }.
schedule-not-offered = La dosis { $dose } no se ofrece el { $date }.
schedule-not-available = { $product } no está disponible el { $date }.

## Identity numbers.

id-valid = Número de { $scheme } válido.
id-invalid-format = Este no es un número de { $scheme } válido: revise la cantidad de caracteres y su tipo.
id-invalid-character = Este no es un número de { $scheme } válido: no se permite el carácter “{ $character }”.
id-invalid-check-digit = Este no es un número de { $scheme } válido: el dígito verificador no coincide. Revise que no haya un dígito mal escrito.
id-invalid-date = Este no es un número de { $scheme } válido: la fecha de nacimiento que contiene no existe.
