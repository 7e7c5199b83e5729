//! `/metrics` in the Prometheus text format, for the operator's monitoring: requests by route
//! and status, their latency, and the messages waiting in the outbox. Routes are the patterns
//! (`/api/v1/appointments/{id}`), never the paths, so no reference or personal data reaches a
//! label and the series stay few. The `prometheus` crate writes the format.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry};

use crate::error::ApiError;
use crate::state::AppState;

/// The server's metrics, registered in a registry of their own.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    outbox_waiting: IntGauge,
}

impl Metrics {
    /// Fresh metrics, all zero.
    pub fn new() -> prometheus::Result<Self> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "vaxkit_http_requests_total",
                "HTTP requests answered, by route and status",
            ),
            &["route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "vaxkit_http_request_duration_seconds",
                "Time to answer an HTTP request, by route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route"],
        )?;
        let outbox_waiting = IntGauge::new(
            "vaxkit_outbox_waiting",
            "Messages waiting in the outbox to be sent (claimed ones included)",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(outbox_waiting.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            outbox_waiting,
        })
    }

    fn observe(&self, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }
}

/// Middleware: counts each answer under its route pattern and status, and times it.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let result = next.call(req).await;
    let status = match &result {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    if let Some(metrics) = state.as_ref().and_then(|s| s.metrics.as_ref()) {
        metrics.observe(&route, status.as_u16(), started.elapsed().as_secs_f64());
    }
    result
}

/// `GET /metrics`: every metric in the Prometheus text format.
pub async fn serve(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let metrics = state
        .metrics
        .as_ref()
        .ok_or_else(|| ApiError::internal("the metrics could not be set up"))?;
    let waiting = state.run(vaxkit_core::notices::outbox_waiting).await?;
    metrics.outbox_waiting.set(waiting);
    let mut out = Vec::new();
    prometheus::TextEncoder::new()
        .encode(&metrics.registry.gather(), &mut out)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(prometheus::TEXT_FORMAT)
        .body(out))
}
