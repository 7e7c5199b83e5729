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
//! Work that owns everything it needs ([`crate::Store::write_queued`]) is not run on its
//! caller's thread: it is queued for its lane's own writer thread, which runs the pieces waiting
//! for it back to back, in the same savepoints and shared transaction, without handing the lane
//! from thread to thread between them. The callers wait for their answers, sent after the commit.
//! Work whose writes are one statement ([`crate::Store::write_queued_one_statement`]: a dose)
//! needs no savepoint on PostgreSQL, where a statement stands or fails whole; an error from it
//! gives up the transaction, and every piece of it runs again alone.
//! Callers announce such work before they check it ([`crate::Store::announce_write`]); a writer
//! thread that has run all it was given waits up to [`LINGER`] for announced work before it
//! commits, so that the doses checked at the same moment share one commit (on SQLite most of a
//! commit's cost is the pages it writes, the same index pages for many doses).
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

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

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

/// Longest a writer thread keeps its transaction open for work announced but not queued yet.
pub const LINGER: Duration = Duration::from_millis(1);

/// How often a lingering writer thread looks again whether work is still announced.
const LINGER_LOOK: Duration = Duration::from_micros(200);

/// Lanes (concurrent grouped transactions) on PostgreSQL. Two keep a commit's wait for the
/// disk overlapped with the other lane's work; more split the doses arriving together into
/// more transactions of fewer doses each (docs/benchmarks.md measured one to four).
pub const POSTGRES_LANES: usize = 2;

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

/// What became of queued work: its answer (its transaction committed), a commit that failed
/// (the work back, to be run again alone), or the panic it raised.
pub(crate) enum Reply<T, E, F> {
    /// The work's answer; its transaction was committed.
    Done(Result<T, E>),
    /// The shared transaction could not be committed: the work, to run again alone.
    Retry(F),
    /// The work panicked on the writer thread: the panic, to raise on the caller's.
    Panicked(Box<dyn Any + Send>),
}

/// How a queued piece's run went.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ran {
    /// Its work answered `Ok`.
    Ok,
    /// Its work answered an error (its savepoint rolled back).
    Refused,
    /// Its work, run without a savepoint, answered an error: the transaction is broken.
    Broke,
    /// Its work panicked.
    Panicked,
}

/// Work queued for a lane's writer thread, its answer kept until its transaction closes.
trait Queued: Send {
    /// Runs the work in a savepoint on `conn` (or, for work of one statement on PostgreSQL,
    /// without one) and keeps its answer.
    fn run(&mut self, conn: &mut DbConnection) -> Ran;
    /// Answers an error the work never ran for (no transaction could be begun).
    fn refuse(self: Box<Self>, error: StoreError);
    /// Answers the caller once the work's transaction is closed.
    fn finish(self: Box<Self>, committed: bool);
}

/// Work run in a savepoint of the open transaction: its answer, or the panic it raised.
type Attempt<T, E> = Result<Result<T, E>, Box<dyn Any + Send>>;

/// Runs work in a savepoint of the open transaction on `conn`, catching a panic.
fn attempt<T, E>(
    conn: &mut DbConnection,
    work: &mut dyn FnMut(&mut DbConnection) -> Result<T, E>,
) -> Attempt<T, E>
where
    E: From<diesel::result::Error>,
{
    catch_unwind(AssertUnwindSafe(|| conn.transaction(|c| work(c))))
}

/// How an attempt went.
fn ran<T, E>(attempt: &Attempt<T, E>) -> Ran {
    match attempt {
        Ok(Ok(_)) => Ran::Ok,
        Ok(Err(_)) => Ran::Refused,
        Err(_) => Ran::Panicked,
    }
}

/// The sending end of a writer thread's queue.
type Queue = Sender<Box<dyn Queued>>;

/// A running writer thread: its queue, and its handle to wait for it to end.
struct Writer {
    queue: Queue,
    thread: std::thread::JoinHandle<()>,
}

/// Queued work of one type and the channel its caller waits on.
struct Job<T, E, F> {
    work: F,
    /// The work writes in one statement: on PostgreSQL it needs no savepoint.
    whole: bool,
    answer: Option<Result<T, E>>,
    panic: Option<Box<dyn Any + Send>>,
    reply: SyncSender<Reply<T, E, F>>,
}

impl<T, E, F> Queued for Job<T, E, F>
where
    T: Send,
    E: Send + From<StoreError> + From<diesel::result::Error>,
    F: FnMut(&mut DbConnection) -> Result<T, E> + Send,
{
    fn run(&mut self, conn: &mut DbConnection) -> Ran {
        let bare = self.whole && matches!(conn, DbConnection::Pg(_));
        let attempt = if bare {
            // One statement stands or fails whole; a failed one aborts the transaction.
            catch_unwind(AssertUnwindSafe(|| (self.work)(conn)))
        } else {
            attempt(conn, &mut self.work)
        };
        let ran = match ran(&attempt) {
            Ran::Refused if bare => Ran::Broke,
            ran => ran,
        };
        match attempt {
            Ok(answer) => self.answer = Some(answer),
            Err(panic) => self.panic = Some(panic),
        }
        ran
    }

    fn refuse(self: Box<Self>, error: StoreError) {
        // A caller that stopped waiting needs no answer.
        let _ = self.reply.send(Reply::Done(Err(error.into())));
    }

    fn finish(self: Box<Self>, committed: bool) {
        let job = *self;
        let reply = match (job.panic, job.answer) {
            (Some(panic), _) => Reply::Panicked(panic),
            (None, Some(answer)) if committed => Reply::Done(answer),
            _ => Reply::Retry(job.work),
        };
        let _ = job.reply.send(reply);
    }
}

/// The lanes of one database.
pub(crate) struct GroupCommit {
    lanes: Vec<Arc<Lane>>,
    /// Each lane's writer thread, started with the first queued work (and again if the thread
    /// ended). Dropping the store closes the queues and waits for the threads to end, so their
    /// connections are closed when the drop returns.
    queues: Vec<Mutex<Option<Writer>>>,
    /// Queued work announced and not queued yet.
    coming: Arc<AtomicUsize>,
    next: AtomicUsize,
}

impl Drop for GroupCommit {
    /// Closes every writer thread's queue and waits for the thread to finish what it holds,
    /// commit, and return its connection.
    fn drop(&mut self) {
        let writers: Vec<Writer> = self
            .queues
            .iter_mut()
            .filter_map(|q| q.get_mut().unwrap_or_else(PoisonError::into_inner).take())
            .collect();
        let me = std::thread::current().id();
        for Writer { queue, thread } in writers {
            drop(queue);
            // A thread that panicked has already answered its callers; there is nothing more
            // to report from a drop. A writer never drops the store, but never wait on oneself.
            if thread.thread().id() != me {
                let _ = thread.join();
            }
        }
    }
}

/// Work on its way to a writer thread ([`crate::Store::announce_write`]): counted until it is
/// queued or dropped.
#[derive(Debug)]
pub struct Announced {
    coming: Arc<AtomicUsize>,
}

impl Drop for Announced {
    fn drop(&mut self) {
        self.coming.fetch_sub(1, Ordering::SeqCst);
    }
}

impl GroupCommit {
    /// `lanes` lanes (at least one).
    pub(crate) fn new(lanes: usize) -> Self {
        let lanes: Vec<Arc<Lane>> = (0..lanes.max(1)).map(|i| Arc::new(Lane::new(i))).collect();
        Self {
            queues: lanes.iter().map(|_| Mutex::new(None)).collect(),
            lanes,
            coming: Arc::new(AtomicUsize::new(0)),
            next: AtomicUsize::new(0),
        }
    }

    /// Counts work on its way until the answer is dropped (or its work queued).
    pub(crate) fn announce(&self) -> Announced {
        self.coming.fetch_add(1, Ordering::SeqCst);
        Announced {
            coming: Arc::clone(&self.coming),
        }
    }

    /// Queues owned work for the next lane's writer thread (started if it is not yet) and
    /// waits for what became of it. Work that is `whole` writes in one statement (its deferred
    /// rows aside), so on PostgreSQL it runs without a savepoint, and an error from it gives up
    /// the transaction: every piece of it runs again alone.
    pub(crate) fn queue<T, E, F>(
        &self,
        pool: &r2d2::Pool<Manager>,
        announced: Option<Announced>,
        whole: bool,
        work: F,
    ) -> Result<Reply<T, E, F>, StoreError>
    where
        T: Send + 'static,
        E: Send + 'static + From<StoreError> + From<diesel::result::Error>,
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let n = self.next.fetch_add(1, Ordering::Relaxed) % self.lanes.len();
        let (Some(lane), Some(queue)) = (self.lanes.get(n), self.queues.get(n)) else {
            return Err(StoreError::Config("no lane for grouped writes".into()));
        };
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        let mut job: Box<dyn Queued> = Box::new(Job {
            work,
            whole,
            answer: None,
            panic: None,
            reply,
        });
        // No longer on its way: a writer thread does not wait for what it already has.
        drop(announced);
        {
            let mut sender = queue.lock().unwrap_or_else(PoisonError::into_inner);
            // A thread that ended (a panic outside any piece) has closed its queue: the work
            // comes back, and a new thread takes it.
            let mut restarted = false;
            loop {
                let to = match sender.take() {
                    Some(to) => to,
                    None => self.start(n, lane, pool)?,
                };
                match to.queue.send(job) {
                    Ok(()) => {
                        *sender = Some(to);
                        break;
                    }
                    Err(back) if !restarted => {
                        job = back.0;
                        restarted = true;
                    }
                    Err(_) => {
                        return Err(StoreError::Config("the writer thread has stopped".into()));
                    }
                }
            }
        }
        answer
            .recv()
            .map_err(|_| StoreError::Config("the writer thread has stopped".into()))
    }

    /// Starts lane `n`'s writer thread: its queue.
    fn start(
        &self,
        n: usize,
        lane: &Arc<Lane>,
        pool: &r2d2::Pool<Manager>,
    ) -> Result<Writer, StoreError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (lane, pool) = (Arc::clone(lane), pool.clone());
        let coming = Arc::clone(&self.coming);
        let thread = std::thread::Builder::new()
            .name(format!("vaxkit-writer-{n}"))
            .spawn(move || lane.serve(&pool, &rx, &coming))
            .map_err(|e| StoreError::Config(format!("no writer thread: {e}")))?;
        Ok(Writer { queue: tx, thread })
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
    /// Queued work run in the open transaction, answered when it closes.
    queued: Vec<Box<dyn Queued>>,
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
                queued: Vec::new(),
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
        let (mut st, held) = self.enter();
        self.open_for(&mut st, pool, key)?;
        let batch = st.batch;
        let mut attempted = None;
        let ran = self.piece(&mut st, |conn| {
            let a = attempt(conn, work);
            let how = ran(&a);
            attempted = Some(a);
            how
        });
        let (broken, result) = match (ran, attempted) {
            (Some(broken), Some(Ok(result))) => (broken, result),
            (_, attempted) => {
                self.give_up(&mut st);
                drop(st);
                if let Some(Err(payload)) = attempted {
                    resume_unwind(payload);
                }
                return Err(StoreError::Config(
                    "a grouped transaction without its connection".into(),
                ));
            }
        };
        let state: &mut LaneState = &mut st;
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

    /// The lane's writer thread: takes the queued work as it comes and runs it in the lane's
    /// shared transaction, piece after piece while more is waiting, then commits. A caller on
    /// its way into the lane (a booking) stops the run: it finds the transaction open and the
    /// queued pieces in it, and the thread takes the lane again after it. Ends when the queue
    /// is closed.
    fn serve(
        &self,
        pool: &r2d2::Pool<Manager>,
        queue: &Receiver<Box<dyn Queued>>,
        coming: &AtomicUsize,
    ) {
        let _ending = Ending(self, queue);
        while let Ok(first) = queue.recv() {
            let (mut st, held) = self.enter();
            let mut next = Some(first);
            // When this transaction began to wait for announced work.
            let mut lingered: Option<Instant> = None;
            while let Some(mut job) = next.take() {
                // Queued work is unkeyed.
                if let Err(e) = self.open_for(&mut st, pool, None) {
                    job.refuse(e);
                    next = queue.try_recv().ok();
                    continue;
                }
                if st.size == 0 {
                    lingered = None;
                }
                let batch = st.batch;
                let ran = self.piece(&mut st, |conn| job.run(conn));
                st.queued.push(job);
                match ran {
                    None => self.give_up(&mut st),
                    Some(broken) if broken || st.size >= MAX_GROUP => {
                        self.commit(&mut st, batch, broken);
                    }
                    Some(_) => {}
                }
                // A caller on its way into the lane (a booking) gets it next: the queue waits.
                next = if self.arriving.load(Ordering::SeqCst) > 0 {
                    None
                } else {
                    match queue.try_recv() {
                        Ok(job) => Some(job),
                        Err(_) if st.conn.is_some() => {
                            linger(queue, coming, &self.arriving, &mut lingered)
                        }
                        Err(_) => None,
                    }
                };
            }
            let open = st.batch;
            let left_open = st.conn.is_some() && self.arriving.load(Ordering::SeqCst) > 0;
            if st.conn.is_some() && !left_open {
                self.commit(&mut st, open, false);
            }
            self.held_since(held);
            // The callers on their way in have the lane until they close the transaction
            // (a lock taken again at once would go to this thread before them).
            while left_open && st.closed_upto < open {
                st = self.closed.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }

    /// Takes the lane, counted among the callers on their way in while it waits: the lane's
    /// state and when it was taken.
    fn enter(&self) -> (MutexGuard<'_, LaneState>, Instant) {
        self.arriving.fetch_add(1, Ordering::SeqCst);
        let st = self.lock();
        let held = Instant::now();
        self.arriving.fetch_sub(1, Ordering::SeqCst);
        (st, held)
    }

    /// Makes the open transaction one for pieces of `key`, beginning one if none is open.
    fn open_for(
        &self,
        st: &mut LaneState,
        pool: &r2d2::Pool<Manager>,
        key: Option<u64>,
    ) -> Result<(), StoreError> {
        // A transaction holds the pieces of one key: it takes one busy row, so transactions
        // of other nodes (or single writes) that take two such rows cannot wait on it in a
        // cycle. The open one, of another key, is committed for its waiting pieces first.
        if st.conn.is_some() && st.key != key {
            let open = st.batch;
            self.commit(st, open, false);
        }
        if st.conn.is_none() {
            st.conn = Some(begin(pool)?);
            st.size = 0;
            st.key = key;
            self.open.store(Lane::mark(key), Ordering::Relaxed);
        }
        Ok(())
    }

    /// Gives up the open transaction after a panic left its connection mid-transaction: the
    /// connection is dropped, not returned, and its pieces run again alone.
    fn give_up(&self, st: &mut LaneState) {
        st.conn = None;
        let open = st.batch;
        self.close(st, open, false);
    }

    /// Runs one piece in the open transaction on `conn`, its deferred writes kept for the
    /// commit when it succeeds: whether the transaction is broken after it (`None`: the piece
    /// panicked and the connection is mid-transaction).
    fn piece(
        &self,
        state: &mut LaneState,
        run: impl FnOnce(&mut DbConnection) -> Ran,
    ) -> Option<bool> {
        let Some(pooled) = state.conn.as_mut() else {
            return Some(true);
        };
        let conn: &mut DbConnection = pooled;
        LANE.with(|l| l.set(Some(self.index)));
        DEFERRED.with(|d| *d.borrow_mut() = Some(Deferred::default()));
        let ran = run(conn);
        LANE.with(|l| l.set(None));
        let deferred = DEFERRED.with(|d| d.borrow_mut().take()).unwrap_or_default();
        if ran == Ran::Panicked {
            return None;
        }
        // A piece rolled back to its savepoint, or one that broke the transaction, takes its
        // deferred writes with it.
        if ran == Ran::Ok {
            for (key, delta) in deferred.counts {
                *state.counts.entry(key).or_insert(0) += delta;
            }
            state.audit.extend(deferred.audit);
            state.messages.extend(deferred.messages);
        }
        state.size += 1;
        self.pieces.fetch_add(1, Ordering::Relaxed);
        // Broken: the piece's one statement failed without a savepoint, the transaction
        // manager gave up, or the piece's savepoint is still open.
        Some(
            ran == Ran::Broke
                || !matches!(
                    Transactions::transaction_manager_status_mut(conn).transaction_depth(),
                    Ok(Some(depth)) if depth.get() == 1
                ),
        )
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
        for job in std::mem::take(&mut st.queued) {
            job.finish(committed);
        }
        self.closed.notify_all();
    }
}

/// A writer thread's last act should it end by a panic (outside any piece, which is caught):
/// its open transaction is given up, and the work run in it or still queued is answered to run
/// again alone. The next work queued starts a new thread.
struct Ending<'a>(&'a Lane, &'a Receiver<Box<dyn Queued>>);

impl Drop for Ending<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut st = self.0.lock();
            if st.conn.is_some() || !st.queued.is_empty() {
                self.0.give_up(&mut st);
            }
            drop(st);
            for job in self.1.try_iter() {
                job.finish(false);
            }
        }
    }
}

/// Waits for queued work while work is announced and no caller is on its way into the lane
/// (`arriving`), until [`LINGER`] after the transaction first waited (`lingered`, set here):
/// the work, or `None` to stop running queued work.
fn linger(
    queue: &Receiver<Box<dyn Queued>>,
    coming: &AtomicUsize,
    arriving: &AtomicUsize,
    lingered: &mut Option<Instant>,
) -> Option<Box<dyn Queued>> {
    let until = *lingered.get_or_insert_with(Instant::now) + LINGER;
    while coming.load(Ordering::SeqCst) > 0 && arriving.load(Ordering::SeqCst) == 0 {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        match queue.recv_timeout(left.min(LINGER_LOOK)) {
            Ok(job) => return Some(job),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    None
}

/// Makes a transaction's counter additions, in key order (see the module's notes); a counter
/// whose additions cancel out is not touched.
fn add_counts(
    conn: &mut DbConnection,
    counts: BTreeMap<CounterKey, i64>,
) -> Result<(), StoreError> {
    let counts: Vec<(CounterKey, i64)> = counts.into_iter().filter(|(_, d)| *d != 0).collect();
    doses::count_many_now(conn, &counts)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::store_meta;
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl, TextExpressionMethods};
    use std::time::Duration;

    /// Queued work that panics outside the catch every piece runs in: as a panic in the
    /// writer thread's own code would.
    struct Breaks;

    impl Queued for Breaks {
        fn run(&mut self, _: &mut DbConnection) -> Ran {
            panic!("a panic in the writer thread's own code");
        }
        fn refuse(self: Box<Self>, _: StoreError) {}
        fn finish(self: Box<Self>, _: bool) {}
    }

    fn put(c: &mut DbConnection, name: &str) -> Result<(), StoreError> {
        diesel::insert_into(store_meta::table)
            .values((store_meta::name.eq(name), store_meta::value.eq("1")))
            .execute(c)?;
        Ok(())
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_writer_thread_that_panics_answers_its_work_and_a_new_thread_takes_the_queue() {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::DatabaseUrl::Sqlite(dir.path().join("group.db"));
        let store = crate::Store::open(&url, crate::Secrets::from_master(&[3; 32]), 1).unwrap();
        store.migrate().unwrap();
        store.write_queued(None, |c| put(c, "w-start")).unwrap();
        std::thread::scope(|scope| {
            let first = scope.spawn(|| {
                store.write_queued(None, |c| {
                    std::thread::sleep(Duration::from_millis(300));
                    put(c, "w-in-the-transaction")
                })
            });
            std::thread::sleep(Duration::from_millis(100));
            let breaks: Box<dyn Queued> = Box::new(Breaks);
            store.group.queues[0]
                .lock()
                .unwrap()
                .as_ref()
                .unwrap()
                .queue
                .send(breaks)
                .unwrap();
            let behind = scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                store.write_queued(None, |c| put(c, "w-queued-behind"))
            });
            first.join().unwrap().unwrap();
            behind.join().unwrap().unwrap();
        });
        // A new thread takes the queue.
        store.write_queued(None, |c| put(c, "w-after")).unwrap();
        let mut names: Vec<String> = store
            .read(|c| {
                Ok(store_meta::table
                    .filter(store_meta::name.like("w-%"))
                    .select(store_meta::name)
                    .load::<String>(c)?)
            })
            .unwrap();
        names.sort();
        assert_eq!(
            names,
            [
                "w-after",
                "w-in-the-transaction",
                "w-queued-behind",
                "w-start"
            ]
        );
    }
}
