//! Rotating the server key: every keyed hash and sealed value moves from the old key to a new
//! one in one transaction (`vaxkit db rekey`).
//!
//! What can be moved is opened with the old key and written again with the new one: identity
//! numbers, mobile numbers (accounts and login codes), appointment security codes and the
//! outbox's recipients and texts. Two things cannot, because only their keyed hash was ever
//! stored: a login code waiting to be typed (it is marked used, so the citizen asks for a new
//! one) and a half-finished SMS conversation (it is forgotten, so the next message starts a new
//! one). The database's key check then names the new key, so a server started with the old one
//! is refused.

use diesel::prelude::*;

use crate::schema::{
    accounts, appointments, beneficiaries, otp_challenges as otp, outbox, sms_conversations,
    store_meta,
};
use crate::{DbConnection, Secrets, Store, StoreError, StoreResult};

/// How many rows a re-write reads at a time.
const BATCH: i64 = 500;

/// What a key rotation changed, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RekeyReport {
    /// Identity numbers re-hashed and re-sealed.
    pub beneficiaries: usize,
    /// Accounts' mobile numbers re-hashed and re-sealed.
    pub accounts: usize,
    /// Login codes' mobile numbers re-hashed and re-sealed.
    pub otp_challenges: usize,
    /// Login codes still open, now refused (their hash names the old key).
    pub otp_challenges_closed: usize,
    /// Appointments' security codes re-hashed and re-sealed.
    pub appointments: usize,
    /// Outbox messages whose recipient and text were re-sealed.
    pub outbox: usize,
    /// SMS conversations forgotten (only their number's hash was kept).
    pub sms_conversations_dropped: usize,
}

const OLD_KEY_REFUSED: &str = "the current secret key is not the one this database was set up \
     with, so nothing it sealed can be opened: run the rotation with the key the servers use now";

const SAME_KEY: &str = "the new key is the key in use: generate another one \
     (`openssl rand -hex 32 > new.key`)";

impl Store {
    /// Moves every keyed hash and sealed value of the database from this store's key to `new`
    /// in one transaction, and records `new` as the database's key: all or nothing. The old
    /// key must be the database's own. Every server must be stopped first and started again
    /// with the new key (one still running would keep writing with the old one); on
    /// PostgreSQL the tables are locked for the rotation, so a writer left running waits
    /// rather than interleaves.
    pub fn rekey(&self, new: &Secrets) -> StoreResult<RekeyReport> {
        let old = &self.secrets;
        let old_check = old.id_hash("key-check", "vaxkit");
        let new_check = new.id_hash("key-check", "vaxkit");
        if old_check == new_check {
            return Err(StoreError::Config(SAME_KEY.into()));
        }
        self.write(|c| {
            if let DbConnection::Pg(_) = c {
                use diesel::connection::SimpleConnection;
                c.batch_execute(
                    "LOCK TABLE beneficiaries, accounts, otp_challenges, appointments, outbox, \
                     sms_conversations, store_meta IN SHARE ROW EXCLUSIVE MODE",
                )?;
            }
            crate::verify_key(c, &old_check, OLD_KEY_REFUSED)?;
            let report = rewrite_all(c, old, new)?;
            diesel::update(store_meta::table.filter(store_meta::name.eq("key_check")))
                .set(store_meta::value.eq(&new_check))
                .execute(c)?;
            Ok(report)
        })
    }
}

fn rewrite_all(c: &mut DbConnection, old: &Secrets, new: &Secrets) -> StoreResult<RekeyReport> {
    let beneficiaries = in_batches(
        c,
        |c, after| {
            Ok(beneficiaries::table
                .filter(beneficiaries::id.gt(after))
                .order(beneficiaries::id.asc())
                .limit(BATCH)
                .select((
                    beneficiaries::id,
                    (beneficiaries::id_scheme, beneficiaries::id_sealed),
                ))
                .load::<(i64, (String, Vec<u8>))>(c)?)
        },
        |c, id, (scheme, sealed)| {
            let number = old.open(&sealed)?;
            diesel::update(beneficiaries::table.find(id))
                .set((
                    beneficiaries::id_hash.eq(new.id_hash(&scheme, &number)),
                    beneficiaries::id_sealed.eq(new.seal(&number)?),
                ))
                .execute(c)?;
            Ok(())
        },
    )?;
    let accounts = in_batches(
        c,
        |c, after| {
            Ok(accounts::table
                .filter(accounts::id.gt(after))
                .order(accounts::id.asc())
                .limit(BATCH)
                .select((accounts::id, accounts::mobile_sealed))
                .load::<(i64, String)>(c)?)
        },
        |c, id, sealed| {
            let mobile = old.open_sealed_text(&sealed)?;
            diesel::update(accounts::table.find(id))
                .set((
                    accounts::mobile_hash.eq(new.mobile_hash(&mobile)),
                    accounts::mobile_sealed.eq(new.seal_text(&mobile)?),
                ))
                .execute(c)?;
            Ok(())
        },
    )?;
    let otp_challenges_closed = diesel::update(otp::table.filter(otp::used.eq(false)))
        .set(otp::used.eq(true))
        .execute(c)?;
    let otp_challenges = in_batches(
        c,
        |c, after| {
            Ok(otp::table
                .filter(otp::id.gt(after))
                .order(otp::id.asc())
                .limit(BATCH)
                .select((otp::id, otp::mobile_sealed))
                .load::<(i64, String)>(c)?)
        },
        |c, id, sealed| {
            let mobile = old.open_sealed_text(&sealed)?;
            diesel::update(otp::table.find(id))
                .set((
                    otp::mobile_hash.eq(new.mobile_hash(&mobile)),
                    otp::mobile_sealed.eq(new.seal_text(&mobile)?),
                ))
                .execute(c)?;
            Ok(())
        },
    )?;
    let appointments = in_batches(
        c,
        |c, after| {
            Ok(appointments::table
                .filter(appointments::id.gt(after))
                .order(appointments::id.asc())
                .limit(BATCH)
                .select((appointments::id, appointments::security_code_sealed))
                .load::<(i64, String)>(c)?)
        },
        |c, id, sealed| {
            let code = old.open_sealed_text(&sealed)?;
            diesel::update(appointments::table.find(id))
                .set((
                    appointments::security_code_hash.eq(new.security_code_hash(&code)),
                    appointments::security_code_sealed.eq(new.seal_text(&code)?),
                ))
                .execute(c)?;
            Ok(())
        },
    )?;
    let outbox = in_batches(
        c,
        |c, after| {
            Ok(outbox::table
                .filter(outbox::id.gt(after))
                .order(outbox::id.asc())
                .limit(BATCH)
                .select((outbox::id, (outbox::recipient, outbox::body)))
                .load::<(i64, (String, String))>(c)?)
        },
        |c, id, (recipient, body)| {
            let recipient = new.seal_text(&old.open_sealed_text(&recipient)?)?;
            // A delivered login code's text was emptied; it stays empty.
            let body = if body.is_empty() {
                body
            } else {
                new.seal_text(&old.open_sealed_text(&body)?)?
            };
            diesel::update(outbox::table.find(id))
                .set((outbox::recipient.eq(recipient), outbox::body.eq(body)))
                .execute(c)?;
            Ok(())
        },
    )?;
    let sms_conversations_dropped = diesel::delete(sms_conversations::table).execute(c)?;
    Ok(RekeyReport {
        beneficiaries,
        accounts,
        otp_challenges,
        otp_challenges_closed,
        appointments,
        outbox,
        sms_conversations_dropped,
    })
}

/// Re-writes a table's rows in batches of [`BATCH`] in key order: `load` reads the rows after a
/// key, `rewrite` writes one. Answers how many rows were re-written.
fn in_batches<T>(
    c: &mut DbConnection,
    load: impl Fn(&mut DbConnection, i64) -> StoreResult<Vec<(i64, T)>>,
    mut rewrite: impl FnMut(&mut DbConnection, i64, T) -> StoreResult<()>,
) -> StoreResult<usize> {
    let mut after = i64::MIN;
    let mut done = 0;
    loop {
        let batch = load(c, after)?;
        let Some(&(last, _)) = batch.last() else {
            return Ok(done);
        };
        for (id, row) in batch {
            rewrite(c, id, row)?;
            done += 1;
        }
        after = last;
    }
}
