//! What the command-line tests share: the built binary run from the repository root as an
//! operator would, with nothing taken from the caller's environment, and its output as text.

#![allow(dead_code)]

pub mod node;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The repository root (profiles, locales and examples are found from there).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binary, run from the repository root, with no key, database, address or log format
/// from the environment.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaxkit"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("VAXKIT_SECRET_KEY")
        .env_remove("VAXKIT_SECRET_KEY_FILE")
        .env_remove("DATABASE_URL")
        .env_remove("VAXKIT_BIND")
        .env_remove("VAXKIT_LOG_FORMAT")
        .env_remove("VAXKIT_USER_PASSWORD")
        .env("RUST_LOG", "info");
    command
}

/// Runs the binary to the end.
pub fn vaxkit(args: &[&str]) -> Output {
    command(args).output().expect("the vaxkit binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shipped profile folders, relative to the root, in order.
pub fn shipped_profiles() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("country-profiles"))
        .expect("country-profiles/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("profile.toml").exists())
        .filter_map(|p| {
            p.file_name()
                .map(|n| format!("country-profiles/{}", n.to_string_lossy()))
        })
        .collect();
    dirs.sort();
    dirs
}

/// A running `vaxkit serve` whose standard error is collected line by line.
pub struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    log: Vec<String>,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        Self::start_with(args, &[])
    }

    /// Starts with these environment variables set.
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = command(args)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        let _ = std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            lines,
            log: Vec::new(),
        }
    }

    /// Reads log lines until one contains `needle`; returns that line.
    pub fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!("no log line with {needle:?}:\n{}", self.log.join("\n"));
    }

    /// Sends a signal (`TERM`, `INT`) and waits for the exit status.
    pub fn signal(mut self, signal: &str) -> (Option<i32>, Vec<String>) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.log.extend(self.lines.try_iter());
                return (status.code(), std::mem::take(&mut self.log));
            }
            assert!(Instant::now() < deadline, "still running after SIG{signal}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Server {
    /// Waits until it listens; returns `host:port`.
    pub fn address(&mut self) -> String {
        let listening = self.wait_for("listening on http://");
        listening
            .rsplit("http://")
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    /// SIGKILL, as a crash or the out-of-memory killer would: no shutdown at all. Returns the
    /// log so far.
    pub fn kill9(mut self) -> Vec<String> {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
        self.log.extend(self.lines.try_iter());
        std::mem::take(&mut self.log)
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The log lines read so far, and any waiting.
    pub fn log(&mut self) -> &[String] {
        self.log.extend(self.lines.try_iter());
        &self.log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
