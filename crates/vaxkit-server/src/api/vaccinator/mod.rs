//! The vaccinator's day at a facility: the queue, finding a person by the slip's security
//! code, recording a dose, and walk-ins ([`vaxkit_core::vaccination`]).

pub mod lookup;
pub mod queue;
pub mod record;
pub mod sync;
pub mod walk_in;

use actix_web::HttpResponse;
use vaxkit_core::vaccination::Recorded;

/// The answer to a recording: 201 with the record, marked when it is a replay.
pub fn respond(recorded: Recorded) -> HttpResponse {
    let mut response = HttpResponse::Created();
    if recorded.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.json(recorded.dose)
}
