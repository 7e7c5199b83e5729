//! Citizen login: a one-time code by SMS for a bearer token. The code is checked by its digest
//! (SHA-256 as hex): `/api/v1` digests what the citizen typed, Co-WIN clients send the digest
//! themselves. What is stored is a keyed hash of the transaction and the digest, so neither the
//! code nor its plain digest can be read from the database.

use chrono::{DateTime, Utc};
use vaxkit_i18n::FluentValue;
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::{LockTable, accounts, lock_row, otp, outbox, tokens};

use crate::Core;
use crate::actor::Citizen;
use crate::error::{Error, ErrorCode, Result};
use crate::token_cache::KnownToken;
use crate::types::Mobile;

/// A login code on its way: the transaction to confirm it against.
#[derive(Debug, Clone)]
pub struct CodeSent {
    /// Pass it back with the code.
    pub txn_id: String,
    /// Seconds the code stays valid.
    pub expires_in: i64,
}

/// A login: the bearer token (only its hash is stored) and its idle expiry.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The token.
    pub token: String,
    /// Minutes of inactivity after which it expires.
    pub idle_minutes: i64,
}

/// The digest a login code is checked by: SHA-256 of the code as lower-case hex.
pub fn code_digest(code: &str) -> String {
    token_hash(code.trim())
}

/// What is stored for a login code: a keyed hash of its transaction and its [`code_digest`].
fn challenge_hash(core: &Core, txn_id: &str, digest: &str) -> String {
    core.store.secrets.id_hash(
        "otp",
        &format!("{txn_id}:{}", digest.trim().to_ascii_lowercase()),
    )
}

/// Sends a login code to `mobile` by SMS (through the outbox) in `lang`, within the profile's
/// limits: codes per number per hour and per day, and spacing between codes.
pub fn request_code(
    core: &Core,
    mobile: &Mobile,
    lang: &str,
    now: DateTime<Utc>,
) -> Result<CodeSent> {
    let profile = &core.profile;
    core.limiter.check(
        &format!("mobile:{}", mobile.as_str()),
        profile.rate_limits.per_mobile_per_hour,
        std::time::Duration::from_secs(3600),
    )?;
    let cfg = &profile.otp;
    let now = now.naive_utc();
    let code = vaxkit_store::repo::random_digits(usize::try_from(cfg.length).unwrap_or(6));
    let txn_id = uuid_like();
    let code_hash = challenge_hash(core, &txn_id, &code_digest(&code));
    let minutes = (cfg.ttl_seconds + 59) / 60;
    let body = core.locales.message_plain(
        lang,
        "sms-otp",
        &[
            ("code", FluentValue::from(code.as_str())),
            ("minutes", FluentValue::from(minutes)),
        ],
    );
    // The code goes to the outbox encrypted with the server key (the store seals every text and
    // recipient it queues): it is opened only to hand it to the gateway, so no database file or
    // log holds it readable.
    let secrets = &core.store.secrets;
    let recipient = mobile.as_str();
    core.write(|c| {
        let (sent_today, last) =
            otp::sent_since(c, secrets, recipient, now - chrono::Duration::hours(24))?;
        if let Some(last) = last {
            let wait = cfg.resend_after_seconds - (now - last).num_seconds();
            if wait > 0 {
                return Err(Error::new(ErrorCode::OtpResendTooSoon)
                    .with_arg("seconds", wait)
                    .with_retry_after(u64::try_from(wait).unwrap_or(1)));
            }
        }
        if sent_today >= cfg.max_sends_per_day {
            // The next code may go when the earliest of the window's codes has left it: a
            // code counts while it is at most 24 hours old.
            let since = now - chrono::Duration::hours(24);
            let first = otp::first_since(c, secrets, recipient, since)?.unwrap_or(now);
            let wait = (first - since).num_seconds() + 1;
            return Err(Error::new(ErrorCode::OtpDailyLimit)
                .with_arg("count", cfg.max_sends_per_day)
                .with_retry_after(u64::try_from(wait).unwrap_or(1)));
        }
        otp::create(
            c,
            secrets,
            &txn_id,
            recipient,
            &code_hash,
            now,
            now + chrono::Duration::seconds(cfg.ttl_seconds),
        )?;
        // Ahead of any backlog of other messages: the code lives a few minutes.
        outbox::enqueue_first(
            c,
            secrets,
            outbox::NewMessage {
                channel: "sms",
                recipient,
                message_id: "sms-otp",
                language: lang,
                body: &body,
            },
            now,
        )?;
        Ok(())
    })?;
    Ok(CodeSent {
        txn_id,
        expires_in: cfg.ttl_seconds,
    })
}

enum Outcome {
    Token(String),
    Refused(ErrorCode),
}

/// Checks a code, given as its [`code_digest`], against its transaction: unknown or wrong codes
/// count against `otp.max_attempts`; expired or used codes are refused; a right code logs in
/// (creating the account on first login).
pub fn confirm_code(
    core: &Core,
    txn_id: &str,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<LoggedIn> {
    let now = now.naive_utc();
    let max_attempts = core.profile.otp.max_attempts;
    let hash = challenge_hash(core, txn_id, digest);
    // The wrong try is counted in its own transaction, so refusing does not undo it.
    let outcome = core.write(|c| {
        let Some(found) = otp::get(c, txn_id)? else {
            return Ok(Outcome::Refused(ErrorCode::OtpInvalid));
        };
        // Lock, then read again: concurrent guesses are counted one after another, so
        // no more than `max_attempts` are ever compared.
        lock_row(c, LockTable::OtpChallenges, found.id)?;
        let Some(ch) = otp::get(c, txn_id)? else {
            return Ok(Outcome::Refused(ErrorCode::OtpInvalid));
        };
        if ch.used {
            return Ok(Outcome::Refused(ErrorCode::OtpUsed));
        }
        if now >= ch.expires_at {
            return Ok(Outcome::Refused(ErrorCode::OtpExpired));
        }
        if ch.attempts >= max_attempts {
            return Ok(Outcome::Refused(ErrorCode::OtpAttemptsExceeded));
        }
        if !constant_time_eq(ch.code_hash.as_bytes(), hash.as_bytes()) {
            otp::add_attempt(c, ch.id)?;
            let code = if ch.attempts + 1 >= max_attempts {
                ErrorCode::OtpAttemptsExceeded
            } else {
                ErrorCode::OtpInvalid
            };
            return Ok(Outcome::Refused(code));
        }
        if !otp::mark_used(c, ch.id)? {
            return Ok(Outcome::Refused(ErrorCode::OtpUsed));
        }
        let secrets = &core.store.secrets;
        let account = accounts::find_or_create(c, secrets, &ch.mobile(secrets)?, now)?;
        let token = vaxkit_store::repo::random_hex(32);
        tokens::create(c, &token_hash(&token), account.id, now)?;
        tokens::forget_unused(
            c,
            account.id,
            now - chrono::Duration::days(FORGET_AFTER_DAYS),
        )?;
        Ok(Outcome::Token(token))
    })?;
    match outcome {
        Outcome::Token(token) => Ok(LoggedIn {
            token,
            idle_minutes: core.profile.otp.token_idle_minutes,
        }),
        // A challenge out of attempts never accepts a code again: the citizen asks for a new
        // one, which the resend spacing allows after `resend_after_seconds`.
        Outcome::Refused(ErrorCode::OtpAttemptsExceeded) => Err(Error::new(
            ErrorCode::OtpAttemptsExceeded,
        )
        .with_retry_after(u64::try_from(core.profile.otp.resend_after_seconds).unwrap_or(1))),
        Outcome::Refused(code) => Err(code.into()),
    }
}

/// Days an expired login is remembered (to answer `session_expired` rather than
/// `unauthorized`) before it is forgotten at the account's next login.
pub const FORGET_AFTER_DAYS: i64 = 30;

/// Citizens' tokens checked in the last seconds: the citizen as read with the token.
pub type TokenCache = crate::token_cache::TokenCache<Citizen>;

/// The citizen a bearer token belongs to, if it is known and not idle for longer than the
/// profile allows. An idle login stays expired (`session_expired`, every time it is sent); a
/// token never issued, or ended by logging out, is `unauthorized`. As for staff
/// ([`crate::staff::authenticate`]), the token and its account are read in one query on a
/// reader connection, then answered from memory for a few seconds
/// ([`crate::token_cache::TOKEN_CACHE_SECONDS`]); the token's last use is written at most once
/// a minute, so a citizen's requests do not each queue for the writer.
pub fn authenticate(core: &Core, token: &str, now: DateTime<Utc>) -> Result<Citizen> {
    let token = token.trim();
    if token.is_empty() {
        return Err(ErrorCode::Unauthorized.into());
    }
    let hash = token_hash(token);
    let now = now.naive_utc();
    let idle = chrono::Duration::minutes(core.profile.otp.token_idle_minutes);
    let known = core
        .citizen_tokens
        .get_or_read(&hash, || {
            core.read(|c| {
                let Some((t, account)) = tokens::with_account(c, &hash)? else {
                    return Ok(None);
                };
                Ok(Some(KnownToken {
                    token_id: t.id,
                    last_used: t.last_used_at,
                    user: Citizen {
                        account_id: account.id,
                        mobile: account.mobile(&core.store.secrets)?,
                        token_id: t.id,
                    },
                }))
            })
        })?
        .ok_or(ErrorCode::Unauthorized)?;
    core.citizen_tokens.use_at(&hash, &known, now, idle, |id| {
        Ok(core.store.write(|c| tokens::touch(c, id, now))?)
    })?;
    Ok(known.user)
}

/// Ends a citizen's login: from then on this node refuses its token (another node within
/// [`crate::token_cache::TOKEN_CACHE_SECONDS`]).
pub fn logout(core: &Core, citizen: &Citizen) -> Result<()> {
    core.store.write(|c| tokens::delete(c, citizen.token_id))?;
    core.citizen_tokens
        .revoke_where(|k| k.token_id == citizen.token_id);
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random transaction id in the familiar 8-4-4-4-12 hex form.
fn uuid_like() -> String {
    let hex = vaxkit_store::repo::random_hex(16);
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}
