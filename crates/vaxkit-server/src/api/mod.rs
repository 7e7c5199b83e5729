//! The citizen JSON API under `/api/v1`: one folder per resource, one file per endpoint,
//! all wired in [`config`]. Handlers translate: they read the request, call a use case of
//! `vaxkit-core` through [`crate::state::AppState::run`], and write its answer. [`v2`] is the
//! Co-WIN-compatible facade over the same use cases, under `/api/v2` with its own route table.

pub mod admin;
pub mod aefi;
pub mod appointments;
pub mod auth;
pub mod beneficiaries;
pub mod certificates;
pub mod places;
pub mod reports;
pub mod sessions;
pub mod sms;
pub mod staff;
pub mod v2;
pub mod vaccinator;

use actix_web::web;

/// Mounts every `/api/v1` endpoint. Each path is one resource, so a wrong method gets
/// 405 with `Allow` rather than 404.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/otp").post(auth::request_otp::handle))
        .service(web::resource("/auth/otp/confirm").post(auth::confirm_otp::handle))
        .service(web::resource("/auth/logout").post(auth::logout::handle))
        .service(
            web::resource("/beneficiaries")
                .get(beneficiaries::list::handle)
                .post(beneficiaries::create::handle),
        )
        .service(
            web::resource("/beneficiaries/{reference}")
                .patch(beneficiaries::correct::handle)
                .delete(beneficiaries::remove::handle),
        )
        .service(
            web::resource("/beneficiaries/{reference}/certificate")
                .get(certificates::download::json),
        )
        .service(
            web::resource("/beneficiaries/{reference}/certificate.pdf")
                .get(certificates::download::pdf),
        )
        .service(
            web::resource("/beneficiaries/{reference}/certificate/qr")
                .get(certificates::download::qr),
        )
        .service(
            web::resource("/beneficiaries/{reference}/immunizations")
                .get(certificates::download::immunizations),
        )
        .service(web::resource("/certificates/verify").post(certificates::verify::handle))
        .service(web::resource("/certificates/signers").get(certificates::publish::signers))
        .service(web::resource("/certificates/revocations").get(certificates::publish::revocations))
        .service(web::resource("/regions").get(places::regions::handle))
        .service(web::resource("/facilities").get(places::facilities::handle))
        .service(web::resource("/facilities/{code}/calendar").get(sessions::calendar::handle))
        .service(web::resource("/sessions").get(sessions::search::handle))
        .service(
            web::resource("/appointments")
                .get(appointments::list::handle)
                .post(appointments::book::handle),
        )
        .service(web::resource("/appointments/{reference}").get(appointments::slip::handle))
        .service(
            web::resource("/appointments/{reference}/reschedule")
                .post(appointments::reschedule::handle),
        )
        .service(
            web::resource("/appointments/{reference}/cancel").post(appointments::cancel::handle),
        )
        .service(
            web::resource("/admin/facilities")
                .get(admin::facilities::list::handle)
                .post(admin::facilities::create::handle),
        )
        .service(web::resource("/admin/facilities/{code}").patch(admin::facilities::update::handle))
        .service(
            web::resource("/admin/facilities/{code}/sessions").get(admin::sessions::list::handle),
        )
        .service(web::resource("/admin/sessions").post(admin::sessions::create::handle))
        .service(web::resource("/admin/doses/{reference}").patch(admin::doses::correct::handle))
        .service(
            web::resource("/admin/doses/{reference}/revoke").post(admin::doses::revoke::handle),
        )
        .service(
            web::resource("/admin/beneficiaries/find").post(admin::beneficiaries::find::handle),
        )
        .service(
            web::resource("/admin/beneficiaries/merge").post(admin::beneficiaries::merge::handle),
        )
        .service(
            web::resource("/admin/beneficiaries/{reference}")
                .get(admin::beneficiaries::show::handle),
        )
        .service(
            web::resource("/admin/sessions/{session_id}/cancel")
                .post(admin::sessions::cancel::handle),
        )
        .service(web::resource("/vaccinator/queue").get(vaccinator::queue::handle))
        .service(web::resource("/vaccinator/lookup").get(vaccinator::lookup::handle))
        .service(web::resource("/vaccinator/doses").post(vaccinator::record::handle))
        .service(web::resource("/vaccinator/walk-in").post(vaccinator::walk_in::handle))
        .service(
            web::resource("/vaccinator/sync")
                .app_data(vaccinator::sync::payload_config())
                .post(vaccinator::sync::handle),
        )
        .service(web::resource("/reports/doses").get(reports::doses::handle))
        .service(web::resource("/reports/coverage").get(reports::coverage::handle))
        .service(web::resource("/audit").get(reports::audit::handle))
        .service(web::resource("/aefi").post(aefi::report::citizen))
        .service(
            web::resource("/admin/aefi")
                .get(aefi::list::handle)
                .post(aefi::report::staff),
        )
        .service(web::resource("/staff/login").post(staff::login::handle))
        .service(web::resource("/staff/me").get(staff::me::handle))
        .service(
            web::resource("/staff/users")
                .get(staff::users::list)
                .post(staff::users::create),
        );
}
