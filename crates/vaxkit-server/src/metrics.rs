//! `/metrics` in the Prometheus text format, for the operator's monitoring: requests by route
//! and status, their latency, the messages waiting in the outbox, the database connections in
//! use and idle, the doses recorded, and how busy the grouped writers are. Routes are the patterns
//! (`/api/v1/appointments/{id}`), never the paths, so no reference or personal data reaches a
//! label and the series stay few. The `prometheus` crate writes the format.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use prometheus::{
    Counter, Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry,
};

use crate::error::ApiError;
use crate::state::AppState;

/// The server's metrics, registered in a registry of their own.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    outbox_waiting: IntGauge,
    connections: IntGaugeVec,
    connections_max: IntGaugeVec,
    doses_recorded: IntCounter,
    grouped_transactions: IntCounter,
    grouped_pieces: IntCounter,
    lanes_busy: Counter,
    /// Brings the counters kept elsewhere (doses, grouped writes) up to date one scrape at a
    /// time.
    doses_sync: std::sync::Mutex<()>,
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
        let connections = IntGaugeVec::new(
            Opts::new(
                "vaxkit_db_connections",
                "Database connections by pool (main, or read and write on SQLite) and state (in_use, idle)",
            ),
            &["pool", "state"],
        )?;
        let connections_max = IntGaugeVec::new(
            Opts::new(
                "vaxkit_db_connections_max",
                "The most connections each database pool opens",
            ),
            &["pool"],
        )?;
        let doses_recorded = IntCounter::new(
            "vaxkit_doses_recorded_total",
            "Doses this process recorded since it started (replays of a retried request not counted)",
        )?;
        let grouped_transactions = IntCounter::new(
            "vaxkit_db_grouped_transactions_total",
            "Shared transactions of grouped writes (group commit) closed",
        )?;
        let grouped_pieces = IntCounter::new(
            "vaxkit_db_grouped_pieces_total",
            "Writes (a dose, a booking) run in shared transactions",
        )?;
        let lanes_busy = Counter::new(
            "vaxkit_db_lanes_busy_seconds_total",
            "Time the writer lanes were held running writes or committing, summed over lanes",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(grouped_transactions.clone()))?;
        registry.register(Box::new(grouped_pieces.clone()))?;
        registry.register(Box::new(lanes_busy.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(outbox_waiting.clone()))?;
        registry.register(Box::new(connections.clone()))?;
        registry.register(Box::new(connections_max.clone()))?;
        registry.register(Box::new(doses_recorded.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            outbox_waiting,
            connections,
            connections_max,
            doses_recorded,
            grouped_transactions,
            grouped_pieces,
            lanes_busy,
            doses_sync: std::sync::Mutex::new(()),
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
    for pool in state.core.store.pool_use() {
        metrics
            .connections
            .with_label_values(&[pool.pool, "in_use"])
            .set(i64::from(pool.in_use));
        metrics
            .connections
            .with_label_values(&[pool.pool, "idle"])
            .set(i64::from(pool.idle));
        metrics
            .connections_max
            .with_label_values(&[pool.pool])
            .set(i64::from(pool.max));
    }
    {
        let _one_at_a_time = metrics
            .doses_sync
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Each counter is brought up to the count kept where the work is done.
        let catch_up = |counter: &IntCounter, now: u64| {
            counter.inc_by(now.saturating_sub(counter.get()));
        };
        catch_up(&metrics.doses_recorded, state.core.doses_recorded());
        let grouped = state.core.store.group_stats();
        catch_up(&metrics.grouped_transactions, grouped.transactions);
        catch_up(&metrics.grouped_pieces, grouped.pieces);
        let busy = grouped.busy_micros as f64 / 1e6;
        if busy > metrics.lanes_busy.get() {
            metrics.lanes_busy.inc_by(busy - metrics.lanes_busy.get());
        }
    }
    let mut out = Vec::new();
    prometheus::TextEncoder::new()
        .encode(&metrics.registry.gather(), &mut out)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(prometheus::TEXT_FORMAT)
        .body(out))
}
