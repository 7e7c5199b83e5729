//! Repositories: one module per table group, plain functions over a connection.
//!
//! They hold no business rules (the server decides who may book what); they do hold
//! the rules the database must enforce whatever the caller does, such as never
//! booking past a session's capacity.

pub mod accounts;
pub mod aefi;
pub mod appointments;
pub mod audit;
pub mod beneficiaries;
pub mod bulk;
pub mod conversations;
pub mod doses;
pub mod facilities;
pub mod otp;
pub mod outbox;
pub mod regions;
pub mod sessions;
pub mod staff;
pub mod tokens;

use rand::Rng;

/// How many rows the re-write of plain values reads at a time.
const SEAL_BATCH: i64 = 500;

/// Seals every mobile number, outbox recipient and text, and security code written in plain
/// text before the migration `2026-12-02-000011`; answers how many rows changed.
pub(crate) fn seal_plain_rows(
    conn: &mut crate::DbConnection,
    secrets: &crate::Secrets,
) -> crate::StoreResult<usize> {
    Ok(accounts::seal_plain_rows(conn, secrets)?
        + otp::seal_plain_rows(conn, secrets)?
        + outbox::seal_plain_rows(conn, secrets)?
        + conversations::seal_plain_rows(conn, secrets)?
        + appointments::seal_plain_rows(conn, secrets)?)
}

/// A random public reference: `len` characters from an alphabet without look-alikes,
/// so references can be read out over the phone and cannot be guessed.
pub fn new_reference(len: usize) -> String {
    new_reference_with(&mut rand::rngs::OsRng, len)
}

/// A public reference like [`new_reference`]'s, drawn from the caller's generator (a
/// cryptographic one seeded once, for bulk loads that make millions).
pub fn new_reference_with(rng: &mut (impl rand::RngCore + rand::CryptoRng), len: usize) -> String {
    const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    // One draw for the whole reference (from the system's generator, one system call rather
    // than one a character); with 32 characters, a byte's low five bits pick one without bias.
    let mut bytes = vec![0u8; len];
    rng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| {
            ALPHABET
                .get(usize::from(b % 32))
                .copied()
                .map_or('2', char::from)
        })
        .collect()
}

/// A random string of decimal digits (login codes, security codes).
pub fn random_digits(len: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// `bytes` random bytes as lower-case hex (transaction ids, bearer tokens).
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// Locks a row until the end of the transaction with a no-op update — a portable
/// `SELECT ... FOR UPDATE`: on PostgreSQL it holds the row lock, on SQLite writes are
/// serialised anyway. Read-then-write rules (a limit, "once only") lock first, then read.
pub fn lock_row(
    conn: &mut crate::DbConnection,
    table: LockTable,
    id: i64,
) -> crate::StoreResult<bool> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::BigInt;
    let name = match table {
        LockTable::Accounts => "accounts",
        LockTable::Beneficiaries => "beneficiaries",
        LockTable::OtpChallenges => "otp_challenges",
        LockTable::Sessions => "sessions",
        LockTable::Doses => "doses",
    };
    let n = match conn {
        crate::DbConnection::Pg(c) => {
            diesel::sql_query(format!("UPDATE {name} SET id = id WHERE id = $1"))
                .bind::<BigInt, _>(id)
                .execute(c)?
        }
        crate::DbConnection::Sqlite(c) => {
            diesel::sql_query(format!("UPDATE {name} SET id = id WHERE id = ?"))
                .bind::<BigInt, _>(id)
                .execute(c)?
        }
    };
    Ok(n == 1)
}

/// Tables whose rows [`lock_row`] can lock.
#[derive(Debug, Clone, Copy)]
pub enum LockTable {
    /// An account (its beneficiary limit).
    Accounts,
    /// A beneficiary (its corrections).
    Beneficiaries,
    /// A login code (its attempts).
    OtpChallenges,
    /// A session (capacity moves between two sessions).
    Sessions,
    /// A dose (corrections and revocation move its count).
    Doses,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    /// References are of the length asked, drawn from the whole alphabet and nothing else, each
    /// character about as often as any other.
    #[test]
    fn references_use_the_whole_alphabet_evenly() {
        let mut seen: BTreeMap<char, usize> = BTreeMap::new();
        for _ in 0..2_000 {
            let r = super::new_reference(16);
            assert_eq!(r.chars().count(), 16, "{r}");
            for ch in r.chars() {
                *seen.entry(ch).or_default() += 1;
            }
        }
        let alphabet: Vec<char> = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".chars().collect();
        assert_eq!(seen.keys().copied().collect::<Vec<_>>(), alphabet);
        // 32,000 characters: 1,000 expected of each; a skewed draw (one character twice as
        // likely, or half the alphabet) is far outside these bounds.
        for (ch, n) in &seen {
            assert!((800..=1_200).contains(n), "{ch} drawn {n} times");
        }
    }
}
