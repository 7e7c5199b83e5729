# vaxkit — Español (Spanish, Mexican usage) messages, translated from the English base locale (locales/en/vaxkit.ftl).

app-name = vaxkit
# The language's own name, shown in the language switch.
language-name = Español

## Schedule engine: why a person may or may not have the next dose.

schedule-eligible = Puede recibir la dosis { $dose } a partir del { $earliest }.
schedule-eligible-until = Puede recibir la dosis { $dose } del { $earliest } al { $latest }.
schedule-overdue = La dosis { $dose } está atrasada: debía aplicarse a más tardar el { $latest }. Todavía se puede aplicar.
schedule-too-young = Todavía no puede recibir esta vacuna por su edad: podrá recibirla a partir del { $date }.
schedule-too-young-no-date = No puede recibir esta vacuna: la edad mínima es de { $min_years ->
        [one] { $min_years } año
       *[other] { $min_years } años
    }.
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

## Genders a profile may offer (`gender-` + the profile's code).

gender-female = Mujer
gender-male = Hombre
gender-other = Otro

## SMS texts (sent without isolation marks; keep them short).

sms-otp = Su código para entrar a vaxkit es { $code }. Es válido por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }. No lo comparta con nadie.
sms-session-cancelled = Lo sentimos: la sesión de vacunación del { $date } en { $facility } se canceló y, con ella, la cita de { $name }. Por favor, agende otra cita.
sms-appointment-booked = Cita confirmada para { $name } el { $date }, { $slot }, en { $facility }. Código de seguridad: { $code }.
notify-test-sms = Mensaje de prueba de vaxkit para { $country }: el envío de SMS funciona.
notify-test-email-subject = Mensaje de prueba de vaxkit
notify-test-email = Este es un mensaje de prueba de vaxkit para { $country }. Si puede leerlo, el envío de correo funciona.
sms-registered = { $name } quedó inscrito para vacunarse (referencia { $reference }). Envíe AYUDA a este número para ver los comandos SMS.
sms-appointment-cancelled = La cita de { $name } el { $date } en { $facility } quedó cancelada.
sms-reminder = Recordatorio: { $name } tiene cita de vacunación mañana, { $date }, { $slot }, en { $facility }. Código de seguridad: { $code }.
sms-appointment-missed = { $name } no acudió a la cita de vacunación del { $date }. Pida otra en { $link }
sms-dose-recorded = Se registró la dosis { $dose } de { $vaccine } de { $name }. Certificado: { $link }
sms-dose-due = Ya puede aplicarse la dosis { $dose } de { $vaccine } a { $name }. Reserve en { $link } o por SMS: RESERVAR y su CP.
sms-keyword-next = PROXIMA
sms-keyword-book = RESERVAR
sms-keyword-cancel = CANCELAR
sms-keyword-help = AYUDA
sms-cmd-help = vaxkit por SMS: PROXIMA - próxima dosis y citas; RESERVAR y un código postal - lugares cercanos; CANCELAR - cancelar una cita.
sms-cmd-no-account = No hay nadie inscrito con este número. Inscríbase en línea o en un centro de vacunación.
sms-cmd-none = No hay citas pendientes para este número.
sms-cmd-expired = No hay nada que elegir ahora. Envíe primero RESERVAR y su código postal, o CANCELAR.
sms-cmd-no-sessions = No hay lugares libres cerca de { $postal_code } en los próximos días para las personas de este número.
sms-cmd-refused = No se pudo hacer: { $reason }
sms-cmd-offer-book = Responda con el número para reservar:
sms-cmd-offer-cancel = Responda con el número para cancelar:
sms-cmd-line-book = { $number }. { $name }: { $date }, { $facility }
sms-cmd-line-cancel = { $number }. { $name }: { $date }
sms-cmd-status-booked = { $name }: cita el { $date } en { $facility }, código { $code }
sms-cmd-status-due = { $name }: dosis { $dose } de { $vaccine } desde el { $date }
sms-cmd-status-complete = { $name }: ninguna dosis pendiente
sms-cmd-status-none = { $name }: aún no tiene dosis registradas

## API errors

error-bad-request = La solicitud no es válida.
error-invalid-json = El cuerpo de la solicitud no es JSON válido o no tiene la forma esperada (línea { $line }, columna { $column }).
error-unknown-field = El campo “{ $field }” no se acepta aquí.
error-invalid-field = El campo «{ $field }» debe ser { $expected }.
error-payload-too-large = El cuerpo de la solicitud es demasiado grande.
error-not-found = No se encontró nada en esta dirección.
error-method-not-allowed = Este método no está permitido en esta dirección.
error-unauthorized = Debe iniciar sesión para hacer esto.
error-forbidden = No tiene permiso para hacer esto.
error-rate-limited = Demasiadas solicitudes. Vuelva a intentarlo dentro de { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
error-unsupported-media-type = El cuerpo de la solicitud debe ser JSON, enviado con “Content-Type: application/json”.
error-service-unavailable = El servicio no está disponible temporalmente. Vuelva a intentarlo en unos momentos.
error-storage-full = El servicio no puede guardar nada en este momento. Vuelva a intentarlo más tarde.
error-internal-error = Algo falló de nuestro lado. Vuelva a intentarlo más tarde.
error-invalid-mobile = Este número de celular no es válido. Revise la cantidad de dígitos.
error-otp-resend-too-soon = Se acaba de enviar un código. Puede pedir uno nuevo dentro de { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
error-otp-daily-limit = Hoy se enviaron demasiados códigos a este número (como máximo { $count }). Vuelva a intentarlo mañana.
error-otp-invalid = Este código no es correcto. Revise el SMS y vuelva a intentarlo.
error-otp-expired = Este código ya expiró. Solicite uno nuevo.
error-otp-used = Este código ya se usó. Solicite uno nuevo.
error-otp-attempts-exceeded = Demasiados intentos incorrectos con este código. Solicite uno nuevo.
error-session-expired = Su sesión se cerró después de un periodo sin actividad. Vuelva a iniciar sesión.
error-invalid-name = Escriba el nombre como aparece en el documento de identidad (de 1 a 100 caracteres).
error-invalid-name-character = El nombre contiene un carácter oculto o de control ({ $character }) que podría hacerlo aparecer como otro. Escríbalo de nuevo sin él.
error-latin-name-required = El nombre está escrito en una escritura que los certificados leídos en el extranjero no pueden llevar: indíquelo también en letras latinas, como en el pasaporte (latin_name).
error-invalid-latin-name = El nombre en letras latinas solo puede tener letras latinas, espacios, guiones y apóstrofos; { $character } no lo es.
error-invalid-birth = Esta fecha o año de nacimiento no es posible.
error-birth-date-required = Escriba la fecha de nacimiento completa.
error-invalid-gender = Elija una de las opciones de género disponibles: { $allowed }.
error-invalid-language = Elija uno de los idiomas disponibles.
error-unknown-id-scheme = Elija uno de los documentos de identidad disponibles.
error-invalid-id-number = { $reason }
error-duplicate-id-number = Este número de identificación ya está registrado. Cada persona se puede registrar una sola vez.
error-beneficiary-limit-reached = Esta cuenta ya tiene el número máximo de personas permitido ({ $limit }).
error-beneficiary-not-found = Esta persona no está registrada en su cuenta.
error-already-corrected = { $field ->
        [name] El nombre
        [birth] La fecha de nacimiento
        [gender] El género
       *[other] El campo “{ $field }”
    } ya se corrigió una vez y no se puede volver a cambiar.
error-nothing-to-change = No se indicó nada que cambiar.
error-beneficiary-has-doses = No se puede eliminar a una persona que ya tiene una dosis registrada.
error-region-not-found = Esta región no existe.
error-facility-not-found = Este centro de vacunación no existe.
error-invalid-query = La búsqueda está incompleta o combina opciones que no son compatibles entre sí.
error-invalid-date = Esta fecha no es válida. Use el formato AAAA-MM-DD.
error-invalid-postal-code = Este código postal no es válido.
error-invalid-coordinates = Esta ubicación no es válida.
error-unknown-vaccine = Esta vacuna no se ofrece aquí.
error-session-not-found = Esta sesión de vacunación no existe o se canceló.
error-outside-booking-window = Por ahora no se puede agendar una cita en esta sesión: las citas se pueden agendar desde { $days ->
        [one] { $days } día
       *[other] { $days } días
    } antes y hasta el mismo día.
error-invalid-slot = Elija uno de los horarios de esta sesión.
error-invalid-beneficiary-list = Elija al menos a una persona, y a cada persona solo una vez.
error-already-booked = { $name } ya tiene una cita. Primero cancele o reprograme esa cita.
error-not-eligible = { $action ->
        [record] Hoy no se puede administrar esta dosis a { $name }: { $reason }
       *[book] No se puede agendar una cita para { $name }: { $reason }
    }
error-wrong-dose = Para esta persona, esta sería la dosis { $dose }.
error-dose-not-offered = Esta sesión no ofrece la dosis { $dose }.
error-age-not-allowed = { $name } no está en el grupo de edad de esta sesión.
error-session-full = Esta sesión ya no tiene lugares disponibles. Elija otra sesión.
error-appointment-not-found = Esta cita no existe en su cuenta.
error-appointment-not-open = Esta cita ya no está vigente.
error-invalid-credentials = El nombre de usuario o la contraseña no son correctos.
error-invalid-username = El nombre de usuario debe tener de 3 a 64 caracteres, y solo puede contener letras, dígitos, puntos, guiones o guiones bajos.
error-username-taken = Este nombre de usuario ya está en uso.
error-weak-password = La contraseña debe tener al menos 12 caracteres.
error-invalid-scope = Este rol y este ámbito no son compatibles: { $reason }
error-invalid-facility-code = El código del centro debe tener de 2 a 32 caracteres, y solo puede contener letras mayúsculas (A-Z), dígitos, guiones o guiones bajos.
error-facility-exists = Ya existe un centro de vacunación con este código.
error-invalid-session-dates = Las sesiones se pueden programar a partir de hoy, por un máximo de { $days ->
        [one] { $days } día
       *[other] { $days } días
    } a la vez.
error-vaccine-not-available = Esta vacuna no está en uso el { $date }.
error-invalid-doses = Elija números de dosis del 1 al { $max }.
error-invalid-age-limits = Los límites de edad no son válidos: la edad mínima debe estar entre 0 y 150 y no ser mayor que la máxima.
error-invalid-capacity = La capacidad debe ser de 1 a 100,000 lugares, y la proporción para personas sin cita, de 0 a 1.
error-invalid-slots = Indique de 1 a 48 horarios con el formato HH:MM-HH:MM; cada uno debe empezar antes de terminar.
error-reason-required = Indique un motivo (de 1 a 500 caracteres).
error-invalid-idempotency-key = Cada dosis necesita una clave de idempotencia de 8 a 100 caracteres, generada una sola vez por la aplicación.
error-invalid-batch = Escriba el número de lote que aparece en el frasco (de 1 a 64 caracteres).
error-duplicate-request = Esta clave de solicitud ya se usó para otra dosis. Genere una clave nueva para cada dosis.
error-idempotency-key-reused = Esta clave de solicitud ya se usó para una dosis distinta (otra persona, vacuna, lote, número de dosis o excepción). Genere una clave nueva para cada dosis.
error-dose-not-found = Esta dosis no se encontró entre las dosis sobre las que puede hacer un reporte.
error-invalid-aefi = El reporte está incompleto o no es válido: revise el campo “{ $field }”.
error-dose-revoked = Esta dosis fue revocada; una dosis revocada no se puede modificar ni revocar de nuevo.
error-merge-conflict = Ambos registros tienen la dosis { $dose }. Revoque primero la incorrecta y luego fusione.
error-merge-self = Un registro no se puede fusionar consigo mismo: indique dos registros distintos.
error-no-certificate = Todavía no hay certificado: no se ha registrado ninguna dosis para esta persona.
error-certificate-not-available = Todavía no es posible descargar certificados de vacunación desde este servidor.

## Por qué un rol y un ámbito no son compatibles (el motivo de `error-invalid-scope`).

scope-needs-region = un { $role } necesita una región, y ningún centro
scope-needs-facility = un { $role } necesita un centro, y ninguna región
scope-needs-nothing = un { $role } no tiene región ni centro
scope-unknown-region = la región «{ $region }» no está en el perfil

## Certificates: the printed certificate's labels and the verification answer.

certificate-title-provisional = Certificado de vacunación provisional
certificate-title-final = Certificado de vacunación completo
certificate-title-booster = Certificado de vacunación de refuerzo
certificate-name = Nombre
certificate-birth = Fecha de nacimiento
certificate-identifier = Documento de identidad
certificate-vaccine = Vacuna
certificate-manufacturer = Fabricante
certificate-lot = Lote
certificate-date = Fecha de vacunación
certificate-dose = Dosis
certificate-dose-of = { $dose } de { $total }
certificate-centre = Centro de vacunación
certificate-country = País
certificate-next-dose = Próxima dosis a partir del
certificate-issuer = Emitido por
certificate-id = Identificador del certificado
certificate-footer = Escanee el código QR para verificar este certificado.
certificate-valid = Este certificado es válido.
certificate-invalid = Este certificado no es válido ({ $reason }).


## What a field of a request must be (the `expected` of `error-invalid-field`).

json-expected-string = un texto
json-expected-integer = un número entero
json-expected-number = un número
json-expected-boolean = true o false
json-expected-list = una lista
json-expected-object = un objeto
json-expected-date = una fecha escrita AAAA-MM-DD (YYYY-MM-DD)
json-expected-one-of = uno de: { $values }
json-expected-present = indicado (es obligatorio)
json-expected-other = de otra forma

## Pronóstico (`vaxkit forecast`): cada dosis evaluada y la próxima dosis de cada grupo de vacunas.
forecast-dose-valid = Dosis { $number } ({ $date }, { $product }): válida.
forecast-dose-not-valid = Dosis { $number } ({ $date }, { $product }): no cuenta: { $reason }.
forecast-group-due = { $group }: dosis { $dose } desde el { $earliest }, recomendada el { $recommended }.
forecast-group-due-until = { $group }: dosis { $dose } desde el { $earliest }, recomendada el { $recommended }, atrasada después del { $past_due }.
forecast-group-status = { $group }: { $status }.
forecast-status-not-complete = incompleta
forecast-status-complete = completa
forecast-status-aged-out = edad demasiado avanzada para completar la serie
forecast-status-immune = inmune
forecast-status-not-recommended = ninguna dosis recomendada por ahora
forecast-reason-too-young = aplicada antes de la edad mínima
forecast-reason-too-old = aplicada después de la edad máxima, no necesaria
forecast-reason-too-soon = aplicada demasiado pronto después de la dosis anterior
forecast-reason-live-virus-conflict = aplicada demasiado pronto después de otra vacuna de virus vivos
forecast-reason-not-allowable = esta vacuna no cuenta para esta dosis
forecast-reason-inadvertent = aplicada por error
forecast-reason-series-complete = no necesaria, la serie ya estaba completa
forecast-reason-not-evaluated = ninguna serie del perfil cubre esta vacuna
