# Páginas web de vaxkit — español.

page-skip = Ir al contenido
page-nav-languages = Idioma
page-nav-main = Menú principal
page-nav-find = Buscar una sesión de vacunación
page-nav-login = Iniciar sesión
page-nav-me = Mi familia
page-nav-vaccinator = Fila de hoy
page-nav-staff = Acceso del personal
page-logout = Cerrar sesión
page-staff-logout = Cerrar sesión del personal
page-back = Volver
page-back-home = Volver a la página de inicio
page-error-title = No se pudo completar
page-csrf-refused = Este formulario ha caducado. Vuelva atrás, recargue la página y envíelo de nuevo.
page-expected-person = al menos una persona elegida

page-home-title = Vacunación
page-home-intro = Registre a su familia, reserve una sesión de vacunación cerca de usted y descargue los certificados.
page-home-citizen = Registrarse o reservar

page-find-title = Buscar una sesión de vacunación
page-find-region = Región
page-find-any-region = Elija una región
page-find-postal-code = O código postal
page-find-date = Día
page-find-search = Buscar
page-find-results = Sesiones de ese día
page-find-week = Sesiones de esta semana en este centro
page-find-centre-week = La semana de este centro
page-find-doses = Dosis { $doses }
page-find-available = { $count ->
        [one] queda { $count } plaza
       *[other] quedan { $count } plazas
    }
page-find-book = Reservar
page-find-none = No se encontró ninguna sesión. Pruebe otro día u otro lugar.
page-find-pages = Páginas de resultados
page-find-previous = Página anterior
page-find-next = Página siguiente
page-find-page = Página { $page } de { $pages }

page-login-title = Inicie sesión con su número de móvil
page-login-mobile = Número de móvil
page-login-send = Enviarme un código
page-code-title = Escriba el código
page-code-sent = Le enviamos un código por SMS a su número de móvil.
page-code-label = Código del SMS
page-code-check = Iniciar sesión
page-code-again = Enviar un código nuevo

page-me-title = Mi familia
page-me-appointments = Citas
page-me-appointment = { $name }: { $date }, { $slot }, { $facility }
page-me-people = Personas
page-me-dose = Dosis { $dose }: { $vaccine }, { $date }
page-me-no-dose = Todavía no hay ninguna dosis registrada.
page-me-certificate = Certificado
page-me-book = Reservar una vacunación
page-me-correct = Corregir los datos
page-me-remove = Quitar a { $name }
page-me-nobody = Todavía no hay nadie registrado.
page-me-add = Añadir una persona

page-person-new = Añadir una persona
page-person-correct = Corregir los datos
page-person-once = Cada dato se puede corregir una sola vez.
page-person-name = Nombre como figura en el documento de identidad
page-person-latin-name = Nombre en letras latinas, como en el pasaporte
page-person-latin-name-hint = Necesario para los certificados leídos en el extranjero cuando el nombre está escrito en otra escritura, como el devanagari o el tailandés.
page-person-birth-date = Fecha de nacimiento
page-person-birth-year = Año de nacimiento
page-person-gender = Género
page-person-id-scheme = Documento de identidad
page-person-id-number = Número del documento
page-person-save = Registrar
page-person-save-correction = Guardar la corrección

page-book-title = Reservar
page-book-session = { $vaccine } el { $date }: { $count ->
        [one] queda { $count } plaza
       *[other] quedan { $count } plazas
    }.
page-book-slot = Horario
page-book-people = Quién viene
page-book-confirm = Reservar para estas personas

page-slip-title = Comprobante de cita
page-slip-name = Persona
page-slip-when = Cuándo
page-slip-where = Dónde
page-slip-vaccine = Vacuna
page-slip-dose = dosis { $dose }
page-slip-status = Estado
page-slip-code = Código de seguridad:
page-slip-show = Muestre este código en el centro.
page-slip-cancel = Cancelar esta cita
page-status-booked = Reservada
page-status-cancelled = Cancelada
page-status-done = Vacunado

page-cert-title = Certificado de vacunación
page-cert-qr = Muestre este código QR para que lo verifiquen.
page-cert-pdf = Descargar el certificado (PDF)

page-staff-title = Acceso del personal
page-staff-username = Usuario
page-staff-password = Contraseña
page-staff-login = Entrar

page-queue-title = Fila de hoy
page-queue-lookup = Código de seguridad
page-queue-find = Buscar
page-queue-day = Citas del { $day }
page-queue-record = Registrar la dosis
page-queue-empty = No hay nadie esperando.
page-queue-recorded = Dosis registrada ({ $reference }).
page-record-title = Registrar una dosis
page-record-vaccine = Vacuna
page-record-dose = Número de dosis
page-record-batch = Número de lote del vial
page-record-override = Motivo para aplicar la dosis de todos modos (solo si se rechaza)
page-record-save = Registrar la dosis

## Sincronización del vacunador sin conexión.

sync-expected-at-most = como máximo { $count } dosis por solicitud
sync-expected-recent = una hora dentro de los últimos { $days } días, no en el futuro

## El vacunador sin conexión.

page-offline-title = Fila de hoy, sin conexión
page-offline-online = Conectado: las dosis se envían en cuanto se registran.
page-offline-offline = Sin conexión: las dosis se guardan en este teléfono y se envían cuando vuelva la conexión.
page-offline-waiting = Dosis pendientes de envío: { $count }
page-offline-refused = Dosis rechazadas
page-offline-refusal = { $name }: { $reason }
page-offline-person = Persona
page-offline-noscript = Sin JavaScript esta página necesita conexión: registre cada dosis desde la lista de abajo.
page-queue-offline = Trabajar sin conexión

## Páginas públicas: verificación de certificados y panel de cifras.

page-nav-verify = Verificar un certificado
page-nav-dashboard = Cifras
page-verify-title = Verificar un certificado de vacunación
page-verify-paste = Pegue el texto del código QR
page-verify-check = Verificar
page-verify-holder = Titular:
page-verify-photo = O elija una foto del código QR
page-verify-camera = Usar la cámara
page-verify-no-code = No se pudo leer ningún código QR. Pruebe con una foto más nítida o pegue el texto.
page-verify-expected-photo = una foto PNG o JPEG con un código QR legible
page-dashboard-title = Cifras de vacunación
page-dashboard-from = Desde
page-dashboard-until = Hasta
page-dashboard-show = Mostrar
page-dashboard-total = Dosis aplicadas en el periodo
page-dashboard-per-day = Dosis por día
page-dashboard-per-region = Dosis por región
page-dashboard-per-vaccine = Dosis por vacuna
page-dashboard-table = Las cifras en una tabla
page-dashboard-day = Día
page-dashboard-doses = Dosis

## Informes de los administradores.

page-nav-reports = Informes
page-admin-reports-title = Informes de vacunación
page-admin-region-all = todas las regiones de su ámbito
page-admin-csv = Descargar en CSV
page-admin-per-dose = Dosis por número de dosis
page-admin-per-age = Dosis por grupo de edad
page-admin-per-gender = Dosis por género
page-admin-coverage = Cobertura respecto a la población
page-admin-population = Población
page-admin-first-dose-percent = Primeras dosis por cada 100 personas

## Walk-ins.

page-walk-in-title = Una persona sin cita
page-queue-walk-in = Una persona sin cita

## Moving an appointment.

page-slip-move = Cambiar de día o de lugar
page-find-moving = Elija la nueva sesión para esta cita.
page-book-moving = La cita se traslada aquí; la plaza anterior queda libre.
page-book-move = Trasladar la cita aquí

## Adverse events after immunisation (AEFI).

page-aefi-title = Notificar un problema después de una vacunación
page-aefi-link = Notificar un problema después de esta dosis
page-aefi-onset = Primer día de los síntomas
page-aefi-symptoms = Síntomas
page-aefi-seriousness = ¿Fue grave? (déjelo vacío si no)
page-aefi-outcome = Evolución hasta ahora
page-aefi-description = Qué pasó, con sus palabras
page-aefi-send = Enviar la notificación
page-aefi-reported = Notificación enviada ({ $reference }). Gracias: un profesional de salud podrá contactarle.
aefi-symptom-fever = Fiebre
aefi-symptom-injection-site-reaction = Dolor, enrojecimiento o hinchazón en el lugar de la inyección
aefi-symptom-headache = Dolor de cabeza
aefi-symptom-fatigue = Cansancio
aefi-symptom-myalgia = Dolor muscular
aefi-symptom-nausea = Náuseas
aefi-symptom-vomiting = Vómitos
aefi-symptom-diarrhoea = Diarrea
aefi-symptom-rash = Erupción en la piel
aefi-symptom-allergic-reaction = Reacción alérgica
aefi-symptom-anaphylaxis = Anafilaxia (reacción alérgica grave)
aefi-symptom-syncope = Desmayo
aefi-symptom-seizure = Convulsiones
aefi-symptom-thrombosis = Coágulo de sangre
aefi-symptom-myocarditis = Inflamación del corazón (miocarditis)
aefi-symptom-other = Otra cosa
aefi-serious-death = Muerte
aefi-serious-life-threatening = Puso la vida en peligro
aefi-serious-hospitalisation = Ingreso en el hospital
aefi-serious-disability = Discapacidad duradera
aefi-serious-congenital-anomaly = Anomalía congénita
aefi-serious-other-medically-important = Otro evento médicamente importante
aefi-outcome-recovered = Recuperado
aefi-outcome-recovering = En recuperación
aefi-outcome-not-recovered = No recuperado
aefi-outcome-recovered-with-sequelae = Recuperado con secuelas
aefi-outcome-fatal = Fallecido
aefi-outcome-unknown = Desconocido

## Administrators' lists.

page-admin-aefi-title = Notificaciones de eventos adversos
page-admin-aefi-all = Todas las notificaciones
page-admin-aefi-serious-only = Solo las graves
page-admin-aefi-serious = Grave
page-admin-aefi-none = Ninguna notificación.
page-admin-facilities-title = Centros
page-admin-facilities-import = Los centros se añaden y cambian en bloque con `vaxkit import facilities ARCHIVO.csv`, que lista cada línea rechazada con su motivo.
page-admin-facility-code = Código
page-admin-facility-name = Nombre
page-admin-facility-open = Abierto
page-admin-facility-closed = Cerrado
page-admin-import-link = Importar un archivo CSV
page-admin-import-title = Importar centros
page-admin-import-help = Pegue un archivo CSV cuya primera fila sea { $columns }; las líneas que empiezan por # son comentarios. Los códigos nuevos se añaden y los conocidos se actualizan; las filas rechazadas se listan con su línea y las demás se importan.
page-admin-import-file = Archivo CSV
page-admin-import-submit = Importar
page-admin-import-done = { $added } añadidos, { $updated } actualizados, { $unchanged } sin cambios, { $rejected } rechazados.
page-admin-import-rejected = Filas rechazadas
page-admin-import-line = Línea { $line }: { $reason }
page-admin-import-header = La primera fila debe ser { $columns }.
page-admin-import-unreadable = no es CSV legible (revise las comillas)
page-admin-import-fields = tiene { $found } campos, la primera fila tiene { $expected }
page-admin-import-number = «{ $value }» no es un número
page-admin-import-code = el código debe tener de 2 a 32 caracteres de A–Z, 0–9, - y _
page-admin-import-text = el nombre y la dirección deben tener de 1 a 200 caracteres
page-admin-import-region = la región no está en el perfil
page-admin-import-postal = el código postal no sigue la regla del país
page-admin-import-coordinates = latitud y longitud deben darse las dos, entre -90 y 90 y entre -180 y 180
page-admin-import-scope = la región del centro está fuera de su ámbito
page-admin-sessions-title = Sesiones
page-admin-sessions-facility = Centro
page-admin-sessions-show = Mostrar
page-admin-sessions-from = Primer día
page-admin-sessions-until = Último día
page-admin-sessions-none = No hay sesiones en este periodo.
page-admin-sessions-vaccine = Vacuna
page-admin-sessions-doses = Dosis
page-admin-sessions-ages = Edades
page-admin-sessions-slots = Franjas
page-admin-sessions-booked = Reservado en línea
page-admin-sessions-booked-of = { $booked } de { $capacity }
page-admin-sessions-walk-in = Reservado para quien llega sin cita
page-admin-sessions-cancelled = Cancelada
page-admin-sessions-reason = Motivo de la cancelación
page-admin-sessions-cancel = Cancelar la sesión
page-admin-sessions-plan = Planificar sesiones
page-admin-sessions-plan-help = Una sesión cada día del primero al último. Dosis como 1,2; franjas como 09:00-11:00, separadas por espacios.
page-admin-sessions-min-age = Edad mínima (años)
page-admin-sessions-max-age = Edad máxima (años, opcional)
page-admin-sessions-capacity = Plazas por sesión
page-admin-sessions-share = Parte reservada para quien llega sin cita (%, opcional)
page-admin-sessions-submit = Planificar
page-admin-staff-title = Personal
page-admin-staff-disable = Desactivar { $username }
page-admin-staff-disabled = Desactivado
page-admin-staff-new = Cuenta nueva
page-admin-staff-name = Nombre completo
page-admin-staff-password = Contraseña inicial (al menos 12 caracteres)
page-admin-staff-role = Rol
page-admin-staff-region = Código de la región (administradores de región, auditores regionales)
page-admin-staff-facility = Código del centro (administradores de centro, vacunadores)
page-admin-staff-create = Crear la cuenta
page-staff-role-national-admin = Administrador nacional
page-staff-role-region-admin = Administrador de región
page-staff-role-facility-admin = Administrador de centro
page-staff-role-vaccinator = Vacunador
page-staff-role-verifier = Verificador
page-staff-role-auditor = Auditor
page-admin-corrections-title = Correcciones
page-admin-corrections-reference = Referencia de la persona
page-admin-corrections-find = Buscar
page-admin-corrections-merged = Fusionado en { $reference }
page-admin-corrections-is-revoked = Revocada: { $reason }
page-admin-corrections-correct = Corregir esta dosis
page-admin-corrections-blank = Rellene solo lo que cambia; los campos vacíos quedan como están.
page-admin-corrections-batch = Lote
page-admin-corrections-given-on = Día de la dosis
page-admin-corrections-reason = Motivo (se guarda en el registro de auditoría)
page-admin-corrections-save = Guardar la corrección
page-admin-corrections-revoke = Revocar esta dosis
page-admin-corrections-corrected = La dosis está corregida.
page-admin-corrections-revoked = La dosis está revocada.
