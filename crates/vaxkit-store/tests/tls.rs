//! TLS to PostgreSQL in the default build: a private PostgreSQL cluster started for the test on a
//! port of its own, with `ssl = on`, a certificate authority and a server certificate (for
//! `localhost` only) made for it, and every connection without TLS refused by `pg_hba.conf` —
//! so a connection that works is encrypted. `sslmode=require` and `verify-full` connect and
//! migrate; `verify-full` refuses another authority's certificate and a host name the
//! certificate does not name. The shared cluster on port 5432 is never touched.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::prelude::*;
use diesel::sql_types::Bool;
use vaxkit_store::{DatabaseUrl, Secrets, Store};

/// A PostgreSQL cluster of the test's own, stopped and removed when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL program as the `postgres` user when the test runs as root (initdb refuses
/// root).
fn as_postgres(program: &Path, args: &[&str]) {
    let output = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(program)
            .args(args)
            .output()
    } else {
        Command::new(program).args(args).output()
    }
    .unwrap();
    assert!(
        output.status.success(),
        "{} {args:?}: {}{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A CA (`NAME.crt`, `NAME.key`) in `dir`.
fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.crt"),
        ],
    );
}

fn postgres_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's programs under /usr/lib/postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found
        .pop()
        .expect("initdb and pg_ctl under /usr/lib/postgresql/*/bin")
}

impl Cluster {
    fn start() -> Cluster {
        let bin = postgres_bin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let path = path.as_path();
        make_ca(path, "ca");
        make_ca(path, "other-ca");
        openssl(
            path,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
            ],
        );
        std::fs::write(path.join("server.ext"), "subjectAltName=DNS:localhost\n").unwrap();
        openssl(
            path,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.crt",
            ],
        );
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(path)
                .status()
                .unwrap();
            assert!(status.success());
        }
        let data = path.join("data");
        let data_text = data.to_string_lossy().into_owned();
        as_postgres(
            &bin.join("initdb"),
            &[
                "-D",
                &data_text,
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        for file in ["server.crt", "server.key"] {
            as_postgres(
                Path::new("/bin/cp"),
                &[
                    &path.join(file).to_string_lossy(),
                    &data.join(file).to_string_lossy(),
                ],
            );
        }
        as_postgres(
            Path::new("/bin/chmod"),
            &["0600", &data.join("server.key").to_string_lossy()],
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let conf = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nfsync = off\n",
            path.display()
        );
        let mut postgresql_conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        postgresql_conf.push_str(&conf);
        std::fs::write(data.join("postgresql.conf"), postgresql_conf).unwrap();
        // Only TLS connections over TCP; anything else is refused.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n",
        )
        .unwrap();
        let cluster = Cluster { dir, bin, port };
        as_postgres(
            &cluster.bin.join("pg_ctl"),
            &[
                "-D",
                &data_text,
                "-l",
                &path.join("log").to_string_lossy(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        cluster
    }

    fn url(&self, host: &str, options: &str) -> String {
        format!(
            "postgres://postgres@{host}:{}/postgres?{options}",
            self.port
        )
    }

    fn file(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let args = ["-D", &data.to_string_lossy(), "-m", "immediate", "stop"];
        let _ = if is_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(self.bin.join("pg_ctl"))
                .args(args)
                .output()
        } else {
            Command::new(self.bin.join("pg_ctl")).args(args).output()
        };
    }
}

#[derive(QueryableByName)]
struct Encrypted {
    #[diesel(sql_type = Bool)]
    ssl: bool,
}

fn encrypted(url: &str) -> Result<bool, String> {
    let mut conn = PgConnection::establish(url).map_err(|e| e.to_string())?;
    let rows: Vec<Encrypted> =
        diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .load(&mut conn)
            .map_err(|e| e.to_string())?;
    Ok(rows.first().is_some_and(|r| r.ssl))
}

#[test]
fn postgres_over_tls_with_require_and_verify_full() {
    let cluster = Cluster::start();
    let ca = cluster.file("ca.crt");

    // verify-full: the server proves it is `localhost` with a certificate from our authority.
    let verify_full = cluster.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    assert_eq!(encrypted(&verify_full), Ok(true));
    let url = DatabaseUrl::parse(&verify_full).unwrap();
    let store = Store::open(&url, Secrets::from_master(&[3; 32]), 2).unwrap();
    assert!(!store.migrate().unwrap().is_empty());
    store.ping().unwrap();
    // The log never shows more than the URL without a password.
    assert!(store.describe().contains("sslmode=verify-full"));

    // require: encrypted, the certificate not checked.
    assert_eq!(
        encrypted(&cluster.url("127.0.0.1", "sslmode=require")),
        Ok(true)
    );

    // Without TLS the server refuses: what works above is encrypted.
    let plain = encrypted(&cluster.url("127.0.0.1", "sslmode=disable")).unwrap_err();
    assert!(plain.contains("no encryption"), "{plain}");

    // verify-full refuses a certificate from another authority …
    let other = encrypted(&cluster.url(
        "localhost",
        &format!(
            "sslmode=verify-full&sslrootcert={}",
            cluster.file("other-ca.crt")
        ),
    ))
    .unwrap_err();
    assert!(other.contains("certificate verify failed"), "{other}");
    // … and a host name the certificate does not name.
    let wrong_name = encrypted(&cluster.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .unwrap_err();
    assert!(
        wrong_name.contains("does not match host name"),
        "{wrong_name}"
    );
}
