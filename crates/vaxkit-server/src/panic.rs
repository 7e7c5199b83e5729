//! A panic in a handler must not cost the client its connection. actix-web does not catch panics:
//! the worker thread dies with every connection it holds, and actix starts a new one. This
//! middleware catches the panic while the handler's future is polled, logs it and answers 500
//! `internal_error`. (Panics inside `web::block` already come back as an error value.)

use std::panic::AssertUnwindSafe;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use futures_util::FutureExt;

use crate::error::ApiError;

/// Middleware: turns a panic below it into `internal_error`.
pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    // Nothing the panicking future held is used afterwards: the request is answered from scratch.
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            Err(ApiError::internal(format!("handler for {path} panicked: {what}")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorBody, ErrorCode, localize_errors};
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, HttpServer, web};

    #[allow(clippy::panic)]
    async fn boom() -> HttpResponse {
        panic!("boom")
    }

    /// A real server on port 0 with a panicking route, with or without the middleware.
    fn serve(catch: bool) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            App::new()
                .route("/boom", web::get().to(boom))
                .route("/fine", web::get().to(HttpResponse::Ok))
                .wrap(actix_web::middleware::Condition::new(
                    catch,
                    from_fn(catch_panic),
                ))
                .wrap(from_fn(localize_errors))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        drop(actix_web::rt::spawn(server));
        format!("http://127.0.0.1:{port}")
    }

    #[actix_web::test]
    async fn a_panicking_handler_answers_internal_error() {
        let base = serve(true);
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let res = client.get(format!("{base}/boom")).send().await.unwrap();
        assert_eq!(res.status(), 500);
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(body.error.code, ErrorCode::InternalError);
        assert!(!body.error.message.contains("boom"), "no detail leaks");
        let res = client.get(format!("{base}/fine")).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }

    /// Why the middleware exists: without it actix drops the connection.
    #[actix_web::test]
    async fn without_the_middleware_the_connection_is_dropped() {
        let base = serve(false);
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        assert!(client.get(format!("{base}/boom")).send().await.is_err());
    }
}
