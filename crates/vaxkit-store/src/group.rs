//! Group commit: small write transactions that arrive together share one transaction and one
//! commit, while each stays its own unit.
//!
//! A lane is one writer connection. The first piece of work to reach an idle lane opens a
//! transaction on it; every piece runs on its caller's own thread, in its own savepoint inside
//! that transaction, so a piece that fails (an error it returns, or a statement the database
//! refuses) is rolled back alone and never undoes the others. A caller that finishes its piece
//! while others are already waiting for the lane leaves the transaction open for them; the one
//! that finds nobody waiting (or the transaction at [`MAX_GROUP`] pieces) commits. No caller gets
//! its answer before the commit that makes its piece durable. If that commit fails, each piece of
//! the transaction is run again alone, in a transaction of its own (see
//! [`crate::Store::write_grouped`]), so every caller gets the answer it would have had without
//! grouping.
//!
//! SQLite has one writer, so one lane; PostgreSQL has [`POSTGRES_LANES`], taken in turn, or
//! picked by a key ([`crate::Store::write_grouped_by`]) when pieces take the same busy row. A
//! transaction holds the pieces of one key (the unkeyed ones share theirs): a piece of another
//! key commits the open transaction first. So a transaction takes one busy row (one session's
//! places), and no two transactions — of two lanes, of two nodes — can each hold one such row
//! and wait for the other's.
//!
//! Work in different lanes runs concurrently in different transactions, so [`current_lane`] lets a piece
//! spread rows that every piece updates (the dose counters) so that two lanes seldom wait on
//! each other for them. The counters are also the rows that every transaction of every node
//! updates: a piece's additions to them ([`defer_count`]) are kept until its transaction
//! commits, then made together, summed per counter, in key order. Transactions that take rows in
//! one order cannot deadlock on them, whichever lanes or nodes they come from; a piece that added
//! in arrival order could (lane 0 of two nodes shares a shard). A piece's audit entries
//! ([`defer_audit`]) and outbox messages ([`defer_message`]) wait for the commit too, and are
//! written in one statement each: a round trip per transaction instead of one per piece.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use diesel::Connection;
use diesel::connection::TransactionManager;

use crate::db::{DbConnection, Manager};
use crate::repo::audit::{self, NewEntry};
use crate::repo::doses::{self, CounterKey};
use crate::repo::outbox::{self, NewRow};
use crate::{StoreError, at_most_twice, take_write_lock};

/// Most pieces of work one transaction takes before it is committed, however many wait: a
/// bound on how long the first of them waits for its answer.
pub const MAX_GROUP: usize = 64;

/// Lanes (concurrent grouped transactions) on PostgreSQL.
pub const POSTGRES_LANES: usize = 4;

/// Failed commits remembered, so that each of their waiting callers learns of it.
const FAILED_KEPT: usize = 1024;

thread_local! {
    static LANE: Cell<Option<usize>> = const { Cell::new(None) };
    /// The writes the piece running on this thread in a lane leaves for its commit.
    static DEFERRED: RefCell<Option<Deferred>> = const { RefCell::new(None) };
}

/// Writes a piece leaves for its transaction's commit: nothing in the piece reads them back.
#[derive(Default)]
struct Deferred {
    /// Counter additions.
    counts: Vec<(CounterKey, i64)>,
    /// Audit entries.
    audit: Vec<NewEntry>,
    /// Messages for the outbox.
    messages: Vec<NewRow>,
}

/// Keeps a counter addition of the piece running on this thread for its transaction's commit;
/// false (nothing kept) when no grouped piece runs here, and the caller adds now.
pub(crate) fn defer_count(key: &CounterKey, delta: i64) -> bool {
    DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(kept) => {
            kept.counts.push((key.clone(), delta));
            true
        }
        None => false,
    })
}

/// Keeps an audit entry of the piece running on this thread for its transaction's commit; the
/// entry back (nothing kept) when no grouped piece runs here, and the caller writes it now.
pub(crate) fn defer_audit(entry: NewEntry) -> Option<NewEntry> {
    DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(kept) => {
            kept.audit.push(entry);
            None
        }
        None => Some(entry),
    })
}

/// Keeps an outbox message of the piece running on this thread for its transaction's commit;
/// the message back (nothing kept) when no grouped piece runs here, and the caller writes it now.
pub(crate) fn defer_message(row: NewRow) -> Option<NewRow> {
    DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(kept) => {
            kept.messages.push(row);
            None
        }
        None => Some(row),
    })
}

/// The lane whose transaction the current thread's work runs in, if it runs in one.
pub fn current_lane() -> Option<usize> {
    LANE.with(Cell::get)
}

type Transactions = <DbConnection as Connection>::TransactionManager;

/// What a piece of grouped work came to: its own answer (its transaction committed), or a
/// commit that failed, after which it must be run again alone.
pub(crate) enum Grouped<T> {
    /// The piece's answer; its transaction was committed.
    Done(T),
    /// The shared transaction could not be committed.
    Retry,
}

/// How much grouping happened: transactions closed and pieces of work run in them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupStats {
    /// Shared transactions closed (committed or not).
    pub transactions: u64,
    /// Pieces of work run in them.
    pub pieces: u64,
    /// Time the lanes were held (a piece running or a commit), summed over lanes, in
    /// microseconds: near the elapsed time times the lanes, the lanes are what waits.
    pub busy_micros: u64,
}

/// The lanes of one database.
pub(crate) struct GroupCommit {
    lanes: Vec<Lane>,
    next: AtomicUsize,
}

impl GroupCommit {
    /// `lanes` lanes (at least one).
    pub(crate) fn new(lanes: usize) -> Self {
        Self {
            lanes: (0..lanes.max(1)).map(Lane::new).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// Transactions and pieces so far, over every lane.
    pub(crate) fn stats(&self) -> GroupStats {
        self.lanes
            .iter()
            .fold(GroupStats::default(), |sum, lane| GroupStats {
                transactions: sum.transactions + lane.transactions.load(Ordering::Relaxed),
                pieces: sum.pieces + lane.pieces.load(Ordering::Relaxed),
                busy_micros: sum.busy_micros + lane.busy_micros.load(Ordering::Relaxed),
            })
    }

    /// Runs `work` in the shared transaction of the lane `key` picks, or else of the next lane.
    pub(crate) fn run<T, E>(
        &self,
        pool: &r2d2::Pool<Manager>,
        key: Option<u64>,
        work: &mut dyn FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<Grouped<Result<T, E>>, StoreError>
    where
        E: From<diesel::result::Error>,
    {
        // One lane is SQLite's one writer: no other transaction holds a row meanwhile, so
        // pieces of every key may share its transaction.
        let key = key.filter(|_| self.lanes.len() > 1);
        let n = match key {
            Some(k) => self.lane_for(k),
            None => self.next.fetch_add(1, Ordering::Relaxed) % self.lanes.len(),
        };
        match self.lanes.get(n) {
            Some(lane) => lane.run(pool, key, work),
            None => Err(StoreError::Config("no lane for grouped writes".into())),
        }
    }

    /// The lane for pieces of key `k`: from the one the key picks, the first whose open
    /// transaction is of this key or that has none, so two keys that pick the same lane do
    /// not take turns committing one piece each while another lane idles. (Read without
    /// locking: at worst two lanes hold transactions of one key, and one waits for the other's
    /// row.)
    fn lane_for(&self, k: u64) -> usize {
        let len = self.lanes.len();
        let start = usize::try_from(k % len as u64).unwrap_or(0);
        let mark = Lane::mark(Some(k));
        (0..len)
            .map(|i| (start + i) % len)
            .find(|&i| {
                self.lanes.get(i).is_some_and(|lane| {
                    let open = lane.open.load(Ordering::Relaxed);
                    open == IDLE || open == mark
                })
            })
            .unwrap_or(start)
    }
}

/// [`Lane::open`] of a lane with no open transaction.
const IDLE: u64 = u64::MAX;
/// [`Lane::open`] of a lane whose open transaction holds unkeyed pieces.
const UNKEYED: u64 = u64::MAX - 1;

struct Lane {
    index: usize,
    /// What the open transaction holds: [`IDLE`], [`UNKEYED`] or a key's mark.
    open: AtomicU64,
    /// Callers on their way into the lane (waiting for its lock).
    arriving: AtomicUsize,
    state: Mutex<LaneState>,
    closed: Condvar,
    transactions: AtomicU64,
    pieces: AtomicU64,
    busy_micros: AtomicU64,
}

struct LaneState {
    /// The connection with the open transaction, if one is open.
    conn: Option<r2d2::PooledConnection<Manager>>,
    /// The number of the open transaction (or of the next one).
    batch: u64,
    /// Pieces in the open transaction.
    size: usize,
    /// Transactions up to this number are closed.
    closed_upto: u64,
    /// The key of the open transaction's pieces (`None`: unkeyed pieces).
    key: Option<u64>,
    /// Recent transactions whose commit failed.
    failed: VecDeque<u64>,
    /// The counter additions of the open transaction's pieces, summed per counter.
    counts: BTreeMap<CounterKey, i64>,
    /// The audit entries of the open transaction's pieces, in order.
    audit: Vec<NewEntry>,
    /// The outbox messages of the open transaction's pieces, in order.
    messages: Vec<NewRow>,
}

impl Lane {
    fn new(index: usize) -> Self {
        Self {
            index,
            open: AtomicU64::new(IDLE),
            arriving: AtomicUsize::new(0),
            state: Mutex::new(LaneState {
                conn: None,
                batch: 1,
                size: 0,
                closed_upto: 0,
                key: None,
                failed: VecDeque::new(),
                counts: BTreeMap::new(),
                audit: Vec::new(),
                messages: Vec::new(),
            }),
            closed: Condvar::new(),
            transactions: AtomicU64::new(0),
            pieces: AtomicU64::new(0),
            busy_micros: AtomicU64::new(0),
        }
    }

    /// What [`Lane::open`] says of a transaction of pieces of `key`.
    fn mark(key: Option<u64>) -> u64 {
        key.map_or(UNKEYED, |k| k.min(UNKEYED - 1))
    }

    fn lock(&self) -> MutexGuard<'_, LaneState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn run<T, E>(
        &self,
        pool: &r2d2::Pool<Manager>,
        key: Option<u64>,
        work: &mut dyn FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<Grouped<Result<T, E>>, StoreError>
    where
        E: From<diesel::result::Error>,
    {
        self.arriving.fetch_add(1, Ordering::SeqCst);
        let mut st = self.lock();
        let held = Instant::now();
        self.arriving.fetch_sub(1, Ordering::SeqCst);
        // A transaction holds the pieces of one key: it takes one busy row, so transactions
        // of other nodes (or single writes) that take two such rows cannot wait on it in a
        // cycle. The open one, of another key, is committed for its waiting pieces first.
        if st.conn.is_some() && st.key != key {
            let open = st.batch;
            self.commit(&mut st, open, false);
        }
        if st.conn.is_none() {
            st.conn = Some(begin(pool)?);
            st.size = 0;
            st.key = key;
            self.open.store(Lane::mark(key), Ordering::Relaxed);
        }
        let batch = st.batch;
        let state: &mut LaneState = &mut st;
        let Some(pooled) = state.conn.as_mut() else {
            return Err(StoreError::Config(
                "a grouped transaction without its connection".into(),
            ));
        };
        let conn: &mut DbConnection = pooled;
        LANE.with(|l| l.set(Some(self.index)));
        DEFERRED.with(|d| *d.borrow_mut() = Some(Deferred::default()));
        let ran = catch_unwind(AssertUnwindSafe(|| conn.transaction(|c| work(c))));
        LANE.with(|l| l.set(None));
        let deferred = DEFERRED.with(|d| d.borrow_mut().take()).unwrap_or_default();
        let result = match ran {
            Ok(result) => result,
            Err(panic) => {
                // The connection is mid-transaction: dropped, not returned; the others of
                // this transaction run again alone.
                state.conn = None;
                self.close(state, batch, false);
                drop(st);
                resume_unwind(panic);
            }
        };
        // A piece rolled back to its savepoint takes its deferred writes with it.
        if result.is_ok() {
            for (key, delta) in deferred.counts {
                *state.counts.entry(key).or_insert(0) += delta;
            }
            state.audit.extend(deferred.audit);
            state.messages.extend(deferred.messages);
        }
        state.size += 1;
        self.pieces.fetch_add(1, Ordering::Relaxed);
        // Broken: the transaction manager gave up, or the piece's savepoint is still open.
        let broken = !matches!(
            Transactions::transaction_manager_status_mut(conn).transaction_depth(),
            Ok(Some(depth)) if depth.get() == 1
        );
        if broken || state.size >= MAX_GROUP || self.arriving.load(Ordering::SeqCst) == 0 {
            self.commit(state, batch, broken);
            self.held_since(held);
        } else {
            self.held_since(held);
            while st.closed_upto < batch {
                st = self.closed.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
        }
        let failed = st.failed.contains(&batch);
        drop(st);
        Ok(if failed {
            Grouped::Retry
        } else {
            Grouped::Done(result)
        })
    }

    /// Adds the time since `held` to the time the lane was held.
    fn held_since(&self, held: Instant) {
        let micros = u64::try_from(held.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.busy_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Writes the open transaction's deferred rows and commits it (unless `broken`), then
    /// closes it.
    fn commit(&self, state: &mut LaneState, batch: u64, broken: bool) {
        let counts = std::mem::take(&mut state.counts);
        let entries = std::mem::take(&mut state.audit);
        let messages = std::mem::take(&mut state.messages);
        let committed = match state.conn.as_mut() {
            Some(pooled) => {
                let conn: &mut DbConnection = pooled;
                !broken
                    && audit::append_now(conn, &entries).is_ok()
                    && outbox::insert_now(conn, &messages).is_ok()
                    && add_counts(conn, counts).is_ok()
                    && Transactions::commit_transaction(conn).is_ok()
            }
            None => false,
        };
        if let Some(mut pooled) = state.conn.take() {
            pooled.outcome(committed);
        }
        self.close(state, batch, committed);
    }

    /// Marks transaction `batch` closed (committed or not) and wakes its waiting callers.
    fn close(&self, st: &mut LaneState, batch: u64, committed: bool) {
        st.counts.clear();
        st.audit.clear();
        st.messages.clear();
        self.transactions.fetch_add(1, Ordering::Relaxed);
        if !committed {
            if st.failed.len() >= FAILED_KEPT {
                st.failed.pop_front();
            }
            st.failed.push_back(batch);
        }
        st.closed_upto = batch;
        st.batch = batch.wrapping_add(1);
        st.size = 0;
        self.open.store(IDLE, Ordering::Relaxed);
        self.closed.notify_all();
    }
}

/// Makes a transaction's counter additions, in key order (see the module's notes); a counter
/// whose additions cancel out is not touched.
fn add_counts(
    conn: &mut DbConnection,
    counts: BTreeMap<CounterKey, i64>,
) -> Result<(), StoreError> {
    for (key, delta) in counts {
        if delta != 0 {
            doses::count_now(conn, &key, delta)?;
        }
    }
    Ok(())
}

/// A writer connection with a transaction begun and, on SQLite, the write lock taken.
/// A connection the database cut (a restart) is dropped, and one more is tried.
fn begin(pool: &r2d2::Pool<Manager>) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
    at_most_twice(|| {
        let mut pooled = match pool.get() {
            Ok(pooled) => pooled,
            Err(e) => return (Err(e.into()), false),
        };
        let conn: &mut DbConnection = &mut pooled;
        let begun = Transactions::begin_transaction(conn).and_then(|()| {
            take_write_lock(conn).inspect_err(|_| {
                let _ = Transactions::rollback_transaction(conn);
            })
        });
        match begun {
            Ok(()) => (Ok(pooled), false),
            Err(e) => {
                pooled.outcome(false);
                let again = pooled.lost();
                (Err(e.into()), again)
            }
        }
    })
}
